import { Controller, Delete, Get, Headers, HttpCode, Param, Query, UseFilters } from '@nestjs/common';
import { Public } from '../common';
import { SandboxExceptionFilter } from './sandbox-exception.filter';
import { AccessTokenClaims } from './sandbox-grants';
import { SandboxIdentityService } from './sandbox-identity.service';
import { SandboxTokensService } from './sandbox-tokens.service';
import { notFound, unauthorized } from './sandbox.errors';

/** api.xero.com/connections: the organisations the token's user has connected to this app. */
@Public()
@Controller('xero-sandbox/api/connections')
@UseFilters(SandboxExceptionFilter)
export class SandboxConnectionsController {
  constructor(
    private readonly identity: SandboxIdentityService,
    private readonly tokens: SandboxTokensService,
  ) {}

  @Get()
  list(
    @Headers('authorization') authorization: string | undefined,
    @Query('authEventId') authEventId?: string,
  ) {
    const claims = this.claims(authorization);
    return this.identity.connectionsOf(claims, authEventId).map((c) => ({
      id: c.id,
      authEventId: c.authEventId,
      tenantId: c.tenantId,
      tenantType: 'ORGANISATION',
      tenantName: this.identity.tenantName(c.tenantId),
      createdDateUtc: c.createdDateUtc,
      updatedDateUtc: c.updatedDateUtc,
    }));
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Headers('authorization') authorization: string | undefined, @Param('id') id: string) {
    const claims = this.claims(authorization);
    if (!(await this.identity.deleteConnection(id, claims))) throw notFound();
  }

  private claims(authorization: string | undefined): AccessTokenClaims {
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
    const claims = token ? this.tokens.verifyAccessToken(token) : undefined;
    if (!claims) throw unauthorized();
    return claims;
  }
}
