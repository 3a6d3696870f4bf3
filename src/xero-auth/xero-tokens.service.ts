import { EntityManager, LockMode, MikroORM } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { XeroAccess, XeroAuthError, XeroForbiddenError, XeroIdentityGateway, XeroTokenSet } from '../xero';
import { TokenCipher } from './token-cipher';
import { XeroNotConnectedError } from './xero-auth.errors';
import { XeroConnectionNeedsReconnect } from './xero-auth.events';
import { XeroConnectionEvent, XeroConnectionEventKind } from './xero-connection-event.entity';
import { XeroConnection, XeroConnectionStatus } from './xero-connection.entity';

/** Refresh when less than this remains, so a call never starts with a token about to expire. */
export const REFRESH_MARGIN_MS = 5 * 60_000;
/** Xero drops a refresh token after 60 days unused; a weekly refresh keeps idle connections alive. */
export const KEEP_ALIVE_AFTER_MS = 7 * 24 * 60 * 60_000;

interface StoredTokens {
  accessToken: string;
  refreshToken: string;
}

/**
 * The account's Xero tokens: decrypted on demand, refreshed once however many callers ask at the same moment
 * (a promise per account in this process, a row lock across processes), and the rotated refresh token saved
 * before the new access token is handed out.
 */
@Injectable()
export class XeroTokensService {
  private readonly logger = new Logger(XeroTokensService.name);
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(
    private readonly orm: MikroORM,
    private readonly identity: XeroIdentityGateway,
    private readonly cipher: TokenCipher,
    private readonly events: EventEmitter2,
  ) {}

  /** Access to the connected organisation's Accounting API. */
  async getAccess(accountId: string): Promise<XeroAccess> {
    const accessToken = await this.getAccessToken(accountId);
    const connection = await this.em().findOneOrFail(XeroConnection, { account: accountId });
    return { accessToken, tenantId: connection.tenantId! };
  }

  async getAccessToken(accountId: string, options: { forceRefresh?: boolean } = {}): Promise<string> {
    const connection = await this.em().findOne(
      XeroConnection,
      { account: accountId },
      { populate: ['tokenSet'] },
    );
    this.assertConnected(connection);
    if (!options.forceRefresh && !expiresSoon(connection.accessTokenExpiresAt)) {
      return this.read(connection).accessToken;
    }
    const running = this.inFlight.get(accountId);
    if (running) return running;
    const refresh = this.refreshLocked(accountId, options.forceRefresh ?? false).finally(() =>
      this.inFlight.delete(accountId),
    );
    this.inFlight.set(accountId, refresh);
    return refresh;
  }

  /**
   * Runs a call with the organisation's access. A 401 refreshes the tokens once and retries (a refused
   * refresh marks the connection for reconnecting). A 403 asks `/connections` whether the organisation is
   * still connected: if not, it was disconnected in Xero and the owner must reconnect; if it is, the refusal
   * is about this call (a missing scope or permission) and the connection is left alone.
   */
  async withAccess<T>(accountId: string, call: (access: XeroAccess) => Promise<T>): Promise<T> {
    let access = await this.getAccess(accountId);
    try {
      return await call(access);
    } catch (error) {
      if (error instanceof XeroForbiddenError) await this.checkStillConnected(accountId, access);
      if (!(error instanceof XeroAuthError)) throw error;
    }
    access = { ...access, accessToken: await this.getAccessToken(accountId, { forceRefresh: true }) };
    try {
      return await call(access);
    } catch (error) {
      if (error instanceof XeroForbiddenError) await this.checkStillConnected(accountId, access);
      throw error;
    }
  }

  private async checkStillConnected(accountId: string, access: XeroAccess): Promise<void> {
    const connections = await this.identity.connections(access.accessToken);
    if (!connections.some((c) => c.tenantId === access.tenantId)) {
      await this.markNeedsReconnect(accountId, 'The organisation disconnected the LRM in Xero.');
    }
  }

  /** Refreshes every connection whose tokens were last refreshed more than a week ago. */
  async keepAlive(now = new Date()): Promise<number> {
    const idle = await this.em().find(XeroConnection, {
      status: XeroConnectionStatus.Connected,
      lastRefreshedAt: { $lt: new Date(now.getTime() - KEEP_ALIVE_AFTER_MS) },
    });
    let refreshed = 0;
    for (const connection of idle) {
      try {
        await this.getAccessToken(connection.account.id, { forceRefresh: true });
        refreshed++;
      } catch (error) {
        this.logger.warn(
          `Keep-alive refresh failed for account ${connection.account.id}: ${(error as Error).name}`,
        );
      }
    }
    return refreshed;
  }

  /** Stores a token set on a connection row (the caller flushes). */
  store(connection: XeroConnection, tokens: XeroTokenSet): void {
    const stored: StoredTokens = { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken };
    connection.tokenSet = this.cipher.encrypt(JSON.stringify(stored), connection.account.id);
    connection.accessTokenExpiresAt = tokens.expiresAt;
    connection.lastRefreshedAt = new Date();
    if (tokens.scopes.length > 0) connection.scopes = tokens.scopes;
  }

  read(connection: XeroConnection): StoredTokens {
    return JSON.parse(this.cipher.decrypt(connection.tokenSet!, connection.account.id)) as StoredTokens;
  }

  /** Marks the connection as needing the owner, records why, and tells the rest of the app (after commit). */
  async markNeedsReconnect(accountId: string, reason: string): Promise<void> {
    const em = this.em();
    // Conditional, so a reconnect that committed in the meantime is not overwritten and the event fires once.
    const changed = await em.nativeUpdate(
      XeroConnection,
      { account: accountId, status: XeroConnectionStatus.Connected },
      { status: XeroConnectionStatus.NeedsReconnect, lastError: reason },
    );
    if (changed === 0) return;
    const connection = await em.findOneOrFail(XeroConnection, { account: accountId });
    em.persist(
      new XeroConnectionEvent(
        connection.account,
        XeroConnectionEventKind.NeedsReconnect,
        connection.tenantName,
        undefined,
        reason,
      ),
    );
    await em.flush();
    this.events.emit(
      XeroConnectionNeedsReconnect.event,
      new XeroConnectionNeedsReconnect(accountId, connection.tenantName, reason),
    );
  }

  private async refreshLocked(accountId: string, force: boolean): Promise<string> {
    let refused: string | undefined;
    const token = await this.em().transactional(async (em) => {
      // Another instance may have refreshed while this one waited for the lock: read the row again.
      const row = await em.findOneOrFail(
        XeroConnection,
        { account: accountId },
        { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['tokenSet'], refresh: true },
      );
      this.assertConnected(row);
      const current = this.read(row);
      if (!force && !expiresSoon(row.accessTokenExpiresAt)) return current.accessToken;
      try {
        const tokens = await this.identity.refresh(current.refreshToken);
        this.store(row, tokens);
        row.lastError = undefined;
        return tokens.accessToken;
      } catch (error) {
        // A transient failure keeps the current tokens: the previous refresh token stays valid at Xero.
        if (!(error instanceof XeroAuthError)) throw error;
        refused = 'Xero no longer accepts this connection (the consent was revoked or has expired).';
        return undefined;
      }
    });
    if (refused) {
      await this.markNeedsReconnect(accountId, refused);
      throw new XeroAuthError(refused);
    }
    return token!;
  }

  private assertConnected(connection: XeroConnection | null): asserts connection is XeroConnection {
    if (!connection || connection.status === XeroConnectionStatus.Disconnected || !connection.tokenSet) {
      throw new XeroNotConnectedError();
    }
    if (connection.status === XeroConnectionStatus.NeedsReconnect) {
      throw new XeroNotConnectedError('The Xero connection needs to be reconnected by the Account Owner.');
    }
  }

  /** A unit of work of its own: callers may be requests, jobs or schedulers. */
  private em(): EntityManager {
    return this.orm.em.fork() as EntityManager;
  }
}

function expiresSoon(expiresAt: Date | undefined): boolean {
  return !expiresAt || expiresAt.getTime() - Date.now() < REFRESH_MARGIN_MS;
}
