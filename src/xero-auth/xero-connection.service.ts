import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { XeroOrganisation } from '../xero';
import { XeroConnectionEvent } from './xero-connection-event.entity';
import { XeroConnection } from './xero-connection.entity';

/** Read side of the connection for pages and other modules. */
@Injectable()
export class XeroConnectionService {
  constructor(private readonly em: EntityManager) {}

  find(accountId: string): Promise<XeroConnection | null> {
    return this.em.findOne(
      XeroConnection,
      { account: accountId },
      { populate: ['connectedBy'], refresh: true },
    );
  }

  /** Keeps the organisation's latest details, so pages show them without calling Xero. */
  async recordOrganisation(
    accountId: string,
    tenantId: string,
    organisation: XeroOrganisation,
  ): Promise<void> {
    // Only while the same organisation is linked: a reconnect to another one in the meantime wins.
    await this.em
      .fork()
      .nativeUpdate(
        XeroConnection,
        { account: accountId, tenantId },
        { organisation, organisationRefreshedAt: new Date() },
      );
  }

  history(accountId: string, limit = 20): Promise<XeroConnectionEvent[]> {
    return this.em.find(
      XeroConnectionEvent,
      { account: accountId },
      { orderBy: { occurredAt: 'desc' }, limit, populate: ['user'] },
    );
  }
}
