import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { SandboxIdentityService } from './sandbox-identity.service';
import { forbidden, unauthorized } from './sandbox.errors';

/** The bearer token must be valid and its user connected to the organisation in `xero-tenant-id`. */
@Injectable()
export class SandboxApiAuthService {
  constructor(private readonly identity: SandboxIdentityService) {}

  tenantOf(req: Request): string {
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    const claims = token ? this.identity.verifyAccessToken(token) : undefined;
    if (!claims) throw unauthorized();
    const tenantId = String(req.headers['xero-tenant-id'] ?? '').toLowerCase();
    if (!tenantId || !this.identity.findConnection(claims.userId, claims.clientId, tenantId))
      throw forbidden();
    return tenantId;
  }
}
