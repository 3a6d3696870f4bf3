import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
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

  history(accountId: string, limit = 20): Promise<XeroConnectionEvent[]> {
    return this.em.find(
      XeroConnectionEvent,
      { account: accountId },
      { orderBy: { occurredAt: 'desc' }, limit, populate: ['user'] },
    );
  }
}
