import { Body, Controller, Get, Headers, HttpCode, Post, UseFilters } from '@nestjs/common';
import { Public } from '../common';
import { SandboxExceptionFilter } from './sandbox-exception.filter';
import { TokenRequest } from './sandbox-grants';
import { SandboxIdentityService } from './sandbox-identity.service';
import { SandboxKeysService } from './sandbox-keys.service';
import { SandboxTokensService } from './sandbox-tokens.service';

/** identity.xero.com: discovery, keys, the token and revocation endpoints. */
@Public()
@Controller('xero-sandbox/identity')
@UseFilters(SandboxExceptionFilter)
export class SandboxIdentityController {
  constructor(
    private readonly identity: SandboxIdentityService,
    private readonly keys: SandboxKeysService,
    private readonly tokens: SandboxTokensService,
  ) {}

  @Get('.well-known/openid-configuration')
  discovery() {
    return this.identity.discovery();
  }

  @Get('.well-known/openid-configuration/jwks')
  jwks() {
    return this.keys.jwks();
  }

  @Post('connect/token')
  @HttpCode(200)
  token(@Body() body: TokenRequest, @Headers('authorization') authorization?: string) {
    return this.tokens.token(body ?? {}, authorization);
  }

  @Post('connect/revocation')
  @HttpCode(200)
  async revocation(
    @Body() body: TokenRequest & { token?: string },
    @Headers('authorization') authorization?: string,
  ): Promise<void> {
    await this.tokens.revoke(body ?? {}, authorization);
  }
}
