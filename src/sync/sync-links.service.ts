import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SyncLink, SyncLinkKind } from './sync-link.entity';

export interface LinkWrite {
  localId: string;
  xeroId: string;
  /** null: the next run sends the record again. */
  contentHash: string | null;
  xeroName?: string | null;
}

/** The sync's own bookkeeping of which local record is which Xero record. */
@Injectable()
export class SyncLinksService {
  constructor(private readonly em: EntityManager) {}

  async byLocalIds(
    accountId: string,
    kind: SyncLinkKind,
    localIds: string[],
  ): Promise<Map<string, SyncLink>> {
    if (localIds.length === 0) return new Map();
    const links = await this.em.find(
      SyncLink,
      { account: accountId, kind, localId: { $in: localIds } },
      { disableIdentityMap: true },
    );
    return new Map(links.map((l) => [l.localId, l]));
  }

  /** Which local record holds each of these Xero ids. */
  async holdersOf(accountId: string, kind: SyncLinkKind, xeroIds: string[]): Promise<Map<string, string>> {
    if (xeroIds.length === 0) return new Map();
    const links = await this.em.find(
      SyncLink,
      { account: accountId, kind, xeroId: { $in: xeroIds } },
      { fields: ['localId', 'xeroId'], disableIdentityMap: true },
    );
    return new Map(links.map((l) => [l.xeroId, l.localId]));
  }

  /**
   * Writes links in one statement (inside the caller's transaction). A record already linked takes the new
   * Xero id (a merge in Xero moves it); the caller has checked that no other record holds that id.
   */
  async save(em: EntityManager, accountId: string, kind: SyncLinkKind, links: LinkWrite[]): Promise<void> {
    if (links.length === 0) return;
    const now = new Date();
    await em
      .createQueryBuilder(SyncLink)
      .insert(
        links.map((l) => ({
          id: randomUUID(),
          account: accountId,
          kind,
          localId: l.localId,
          xeroId: l.xeroId,
          contentHash: l.contentHash,
          xeroName: l.xeroName ?? null,
          lastSyncedAt: now,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .onConflict(['account', 'kind', 'localId'])
      .merge(['xeroId', 'contentHash', 'xeroName', 'lastSyncedAt', 'updatedAt'])
      .execute();
  }

  count(accountId: string, kind: SyncLinkKind): Promise<number> {
    return this.em.count(SyncLink, { account: accountId, kind });
  }
}
