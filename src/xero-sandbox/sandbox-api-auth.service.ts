import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { SandboxIdentityService } from './sandbox-identity.service';
import { SandboxTokensService } from './sandbox-tokens.service';
import { forbidden, unauthorized } from './sandbox.errors';

/** Xero's granular scopes per resource; the older `accounting.transactions` still covers documents. */
const SCOPES: Record<string, string[]> = {
  Contacts: ['accounting.contacts'],
  Invoices: ['accounting.invoices', 'accounting.transactions'],
  Payments: ['accounting.payments', 'accounting.transactions'],
  Organisation: ['accounting.settings'],
  Accounts: ['accounting.settings'],
  TaxRates: ['accounting.settings'],
};

/**
 * The bearer token must be valid, carry a scope for the resource (a `.read` scope for reads only) and
 * belong to a user connected to the organisation in `xero-tenant-id`.
 */
@Injectable()
export class SandboxApiAuthService {
  constructor(
    private readonly tokens: SandboxTokensService,
    private readonly identity: SandboxIdentityService,
  ) {}

  tenantOf(req: Request): string {
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    const claims = token ? this.tokens.verifyAccessToken(token) : undefined;
    if (!claims) throw unauthorized();
    const resource = /\/api\.xro\/2\.0\/([A-Za-z]+)/.exec(req.originalUrl)?.[1] ?? '';
    const accepted = (SCOPES[resource] ?? []).flatMap((scope) =>
      req.method === 'GET' ? [scope, `${scope}.read`] : [scope],
    );
    if (!accepted.some((scope) => claims.scopes.includes(scope))) throw forbidden();
    const tenantId = String(req.headers['xero-tenant-id'] ?? '').toLowerCase();
    if (!tenantId || !this.identity.findConnection(claims.userId, claims.clientId, tenantId))
      throw forbidden();
    return tenantId;
  }
}
