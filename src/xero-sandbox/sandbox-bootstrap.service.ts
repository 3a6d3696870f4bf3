import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AuthorizationCode, REFRESH_GRACE_MS, RefreshToken } from './sandbox-grants';
import { SandboxKeysService } from './sandbox-keys.service';
import { seedDocuments } from './sandbox.seed';
import { SandboxStore } from './sandbox.store';

/** Loads the sandbox's state at boot and seeds what is missing; also resets it on request. */
@Injectable()
export class SandboxBootstrapService implements OnModuleInit {
  private readonly logger = new Logger('XeroSandbox');

  constructor(
    private readonly store: SandboxStore,
    private readonly keys: SandboxKeysService,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.store.load();
    await this.pruneExpired();
    await this.seed();
    await this.keys.init();
    // Every page of the app shows a discreet "Xero sandbox" label while the emulator stands in for Xero.
    const instance = this.adapterHost.httpAdapter?.getInstance<{ locals?: Record<string, unknown> }>();
    if (instance?.locals) instance.locals.xeroSandbox = true;
    this.logger.log(
      'Xero sandbox ready: sign in as single@sandbox.test, multi@sandbox.test or none@sandbox.test',
    );
  }

  /** Back to a fresh sandbox: seeded organisations and demo contacts, no other documents, grants or connections. */
  async reset(): Promise<void> {
    await this.store.clear();
    await this.seed();
    await this.keys.init();
  }

  /** Codes and refresh tokens that can never be used again are dropped at boot. */
  private async pruneExpired(): Promise<void> {
    const now = Date.now();
    for (const code of this.store.list<AuthorizationCode>('authorization-code')) {
      if (code.expiresAt <= now) await this.store.remove('authorization-code', code.id);
    }
    for (const token of this.store.list<RefreshToken>('refresh-token')) {
      const graceOver = token.rotatedAt !== undefined && now - token.rotatedAt > REFRESH_GRACE_MS;
      if (token.expiresAt <= now || graceOver) await this.store.remove('refresh-token', token.id);
    }
  }

  private async seed(): Promise<void> {
    const { organisations, accounts, contacts } = seedDocuments(Date.now());
    const missingOrgs = organisations.filter((org) => !this.store.get('organisation', org.id));
    const missingAccounts = accounts.filter((account) => !this.store.get('account', account.id));
    const missingContacts = contacts.filter((contact) => !this.store.get('contact', contact.id));
    await this.store.save('organisation', missingOrgs);
    await this.store.save('account', missingAccounts);
    await this.store.save('contact', missingContacts);
  }
}
