import { EntityManager, LockMode, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AuthenticatedUser } from '../common';
import { Account, User } from '../identity';
import { XeroAuthError, XeroError, XeroIdentityGateway, XeroTokenSet, XeroUnavailableError } from '../xero';
import { OAuthAttempt } from './oauth-attempt.entity';
import { PendingOrganisation, PendingXeroLink } from './pending-xero-link.entity';
import { TokenCipher } from './token-cipher';
import { ConsentRefusedError, XeroNotConnectedError, XeroOrganisationTakenError } from './xero-auth.errors';
import { XeroConnectionEvent, XeroConnectionEventKind } from './xero-connection-event.entity';
import { XeroConnection, XeroConnectionStatus } from './xero-connection.entity';
import { XeroTokensService } from './xero-tokens.service';

export type CallbackOutcome =
  | { kind: 'linked'; tenantName: string }
  | { kind: 'choose'; pendingId: string }
  | { kind: 'confirm-change'; pendingId: string }
  | { kind: 'no-organisation' }
  | { kind: 'cancelled' };

export interface CallbackQuery {
  code?: string;
  state?: string;
  error?: string;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

const EXPIRED =
  'This Xero sign-in has expired, was already used, or was started in another browser session. ' +
  'Nothing was changed: start again with Connect.';

/** Connecting, choosing the organisation, reconnecting and disconnecting the account's Xero organisation. */
@Injectable()
export class XeroConnectService {
  private readonly logger = new Logger(XeroConnectService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly identity: XeroIdentityGateway,
    private readonly cipher: TokenCipher,
    private readonly tokens: XeroTokensService,
  ) {}

  /** Starts a consent: remembers its state and PKCE verifier for this user and browser session. */
  async startConsent(user: AuthenticatedUser, sessionId: string): Promise<string> {
    const consent = await this.identity.createConsent();
    await this.purgeExpired();
    this.em.persist(
      new OAuthAttempt(
        sha256(consent.state),
        this.em.getReference(Account, user.accountId),
        this.em.getReference(User, user.id),
        sha256(sessionId),
        this.cipher.encrypt(consent.codeVerifier, user.accountId),
      ),
    );
    await this.em.flush();
    return consent.url;
  }

  async handleCallback(
    user: AuthenticatedUser,
    sessionId: string,
    query: CallbackQuery,
  ): Promise<CallbackOutcome> {
    if (typeof query.state !== 'string' || !query.state) throw new ConsentRefusedError(EXPIRED);
    const attempt = await this.consumeAttempt(query.state);
    const trusted =
      attempt &&
      attempt.account === user.accountId &&
      attempt.user === user.id &&
      attempt.session_hash === sha256(sessionId) &&
      new Date(attempt.expires_at).getTime() > Date.now();
    if (!trusted) throw new ConsentRefusedError(EXPIRED);
    if (query.error === 'access_denied') return { kind: 'cancelled' };
    if (query.error || !query.code) {
      // Only an OAuth error code is repeated back, never free text from the address bar.
      const reason = /^[a-z_]{1,40}$/.test(query.error ?? '') ? query.error : 'no authorization code';
      throw new ConsentRefusedError(`Xero did not complete the sign-in (${reason}). Nothing was changed.`);
    }

    let tokens: XeroTokenSet;
    try {
      tokens = await this.identity.exchangeCode(
        { code: query.code, state: query.state },
        { state: query.state, codeVerifier: this.cipher.decrypt(attempt.code_verifier, user.accountId) },
      );
    } catch (error) {
      if (!(error instanceof XeroError)) throw error;
      throw new ConsentRefusedError(
        'Xero did not accept the sign-in, so nothing was changed. Please try Connect again.',
      );
    }
    let organisations: PendingOrganisation[];
    try {
      organisations = (await this.identity.connections(tokens.accessToken, tokens.authEventId)).map((c) => ({
        connectionId: c.id,
        tenantId: c.tenantId,
        tenantName: c.tenantName,
      }));
    } catch (error) {
      if (!(error instanceof XeroError)) throw error;
      await this.identity.revoke(tokens.refreshToken).catch(() => undefined);
      throw new ConsentRefusedError(
        'Xero could not be reached to list your organisations, so nothing was connected. ' +
          'Please try Connect again in a few minutes.',
      );
    }
    if (organisations.length === 0) {
      await this.identity.revoke(tokens.refreshToken).catch(() => undefined);
      return { kind: 'no-organisation' };
    }
    if (organisations.length === 1) return this.link(user, tokens, organisations[0], undefined);
    const pending = new PendingXeroLink(
      this.em.getReference(Account, user.accountId),
      this.em.getReference(User, user.id),
      this.cipher.encrypt(JSON.stringify(tokens), user.accountId),
      organisations,
    );
    await this.em.persistAndFlush(pending);
    return { kind: 'choose', pendingId: pending.id };
  }

  async pending(user: AuthenticatedUser, pendingId: string): Promise<PendingXeroLink> {
    const pending = await this.em.findOne(PendingXeroLink, {
      id: pendingId,
      account: user.accountId,
      user: user.id,
      expiresAt: { $gt: new Date() },
    });
    if (!pending) throw new ConsentRefusedError(EXPIRED);
    return pending;
  }

  /** The owner picked one of several organisations; the others are disconnected once the link is final. */
  async choose(user: AuthenticatedUser, pendingId: string, connectionId: string): Promise<CallbackOutcome> {
    const pending = await this.pending(user, pendingId);
    const chosen = pending.organisations.find((o) => o.connectionId === connectionId);
    if (!chosen) throw new ConsentRefusedError('Choose one of the organisations offered.');
    return this.link(user, this.readPending(pending, user.accountId), chosen, pending);
  }

  /** The owner confirmed linking a different organisation than before. */
  async confirmChange(user: AuthenticatedUser, pendingId: string): Promise<CallbackOutcome> {
    const pending = await this.pending(user, pendingId);
    const chosen = pending.organisations.find((o) => o.connectionId === pending.chosenConnectionId);
    if (!chosen) throw new ConsentRefusedError(EXPIRED);
    return this.link(user, this.readPending(pending, user.accountId), chosen, pending, true);
  }

  /** The owner kept the organisation linked before: the new consent's other organisations are disconnected. */
  async cancelChange(user: AuthenticatedUser, pendingId: string): Promise<void> {
    const pending = await this.pending(user, pendingId);
    const linked = await this.em.findOne(XeroConnection, { account: user.accountId });
    await this.disconnectAtXero(
      this.readPending(pending, user.accountId),
      pending.organisations.filter((o) => o.tenantId !== linked?.tenantId),
    );
    await this.em.removeAndFlush(pending);
  }

  async isLinked(user: AuthenticatedUser): Promise<boolean> {
    const connection = await this.em.findOne(XeroConnection, { account: user.accountId });
    return !!connection && connection.status !== XeroConnectionStatus.Disconnected;
  }

  /**
   * Removes the connection at Xero and revokes the tokens, then wipes them here, with the row locked so no
   * refresh runs meanwhile. When Xero cannot be reached the connection is still removed here; the result says so.
   */
  async disconnect(user: AuthenticatedUser): Promise<{ reachedXero: boolean }> {
    return this.em.transactional(async (em) => {
      const connection = await em.findOne(
        XeroConnection,
        { account: user.accountId },
        { populate: ['tokenSet'], lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
      );
      if (!connection || connection.status === XeroConnectionStatus.Disconnected)
        throw new XeroNotConnectedError();
      const reachedXero = connection.tokenSet ? await this.releaseAtXero(connection) : true;
      connection.status = XeroConnectionStatus.Disconnected;
      connection.tokenSet = undefined;
      connection.accessTokenExpiresAt = undefined;
      connection.lastError = undefined;
      em.persist(
        new XeroConnectionEvent(
          connection.account,
          XeroConnectionEventKind.Disconnected,
          connection.tenantName,
          em.getReference(User, user.id),
          reachedXero ? undefined : 'Xero could not be reached; disconnected in the LRM only.',
        ),
      );
      return { reachedXero };
    });
  }

  /** True when Xero confirmed, or had already dropped the credentials (nothing left to revoke). */
  private async releaseAtXero(connection: XeroConnection): Promise<boolean> {
    let { accessToken, refreshToken } = this.tokens.read(connection);
    try {
      if (connection.status === XeroConnectionStatus.Connected && connection.connectionId) {
        if (
          !connection.accessTokenExpiresAt ||
          connection.accessTokenExpiresAt.getTime() < Date.now() + 60_000
        ) {
          ({ accessToken, refreshToken } = await this.identity.refresh(refreshToken));
        }
        await this.identity.deleteConnection(accessToken, connection.connectionId).catch((error: unknown) => {
          // Already gone at Xero (removed there, say): revoking the tokens is what is left to do.
          if (error instanceof XeroUnavailableError) throw error;
        });
      }
      await this.identity.revoke(refreshToken);
      return true;
    } catch (error) {
      if (error instanceof XeroAuthError) return true;
      this.logger.warn(`Xero could not be reached while disconnecting: ${(error as Error).name}`);
      return false;
    }
  }

  private async link(
    user: AuthenticatedUser,
    tokens: XeroTokenSet,
    org: PendingOrganisation,
    pending: PendingXeroLink | undefined,
    confirmed = false,
  ): Promise<CallbackOutcome> {
    const account = this.em.getReference(Account, user.accountId);
    const heldElsewhere = await this.em.count(XeroConnection, {
      tenantId: org.tenantId,
      status: { $ne: XeroConnectionStatus.Disconnected },
      account: { $ne: user.accountId },
    });
    if (heldElsewhere) return this.refuseTaken(tokens, org, pending);
    const connection = (await this.em.findOne(XeroConnection, { account })) ?? new XeroConnection(account);
    const changing = !!connection.tenantId && connection.tenantId !== org.tenantId;
    if (changing && !confirmed) {
      const waiting =
        pending ??
        new PendingXeroLink(
          account,
          this.em.getReference(User, user.id),
          this.cipher.encrypt(JSON.stringify(tokens), user.accountId),
          [org],
        );
      waiting.chosenConnectionId = org.connectionId;
      await this.em.persistAndFlush(waiting);
      return { kind: 'confirm-change', pendingId: waiting.id };
    }
    // Final: the consent's other organisations are not used, so they are disconnected at Xero.
    if (pending) {
      await this.disconnectAtXero(
        tokens,
        pending.organisations.filter((o) => o.connectionId !== org.connectionId),
      );
    }
    const kind = !connection.tenantId
      ? XeroConnectionEventKind.Connected
      : changing
        ? XeroConnectionEventKind.OrganisationChanged
        : XeroConnectionEventKind.Reconnected;
    if (changing) connection.previousTenantId = connection.tenantId;
    Object.assign(connection, {
      tenantId: org.tenantId,
      tenantName: org.tenantName,
      connectionId: org.connectionId,
      authEventId: tokens.authEventId,
      status: XeroConnectionStatus.Connected,
      connectedBy: this.em.getReference(User, user.id),
      connectedAt: new Date(),
      lastError: undefined,
    });
    this.tokens.store(connection, tokens);
    this.em.persist(connection);
    this.em.persist(
      new XeroConnectionEvent(account, kind, org.tenantName, this.em.getReference(User, user.id)),
    );
    if (pending) this.em.remove(pending);
    try {
      await this.em.flush();
    } catch (error) {
      // Another account linked the same organisation between the check above and this write.
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      this.em.clear();
      return this.refuseTaken(tokens, org, pending);
    }
    return { kind: 'linked', tenantName: org.tenantName };
  }

  /**
   * Undoes what the refused consent created at Xero, and stores nothing. A connection another link still uses
   * is kept: Xero hands the same connection to a Xero user who consents again for an organisation.
   */
  private async refuseTaken(
    tokens: XeroTokenSet,
    org: PendingOrganisation,
    pending: PendingXeroLink | undefined,
  ): Promise<never> {
    const created = pending?.organisations ?? [org];
    const inUse = await this.em.find(
      XeroConnection,
      {
        connectionId: { $in: created.map((o) => o.connectionId) },
        status: { $ne: XeroConnectionStatus.Disconnected },
      },
      { fields: ['connectionId'] },
    );
    const unused = created.filter((o) => !inUse.some((c) => c.connectionId === o.connectionId));
    await this.disconnectAtXero(tokens, unused);
    // Revoking ends the whole consent at Xero, with every connection it holds: only when none is in use.
    if (inUse.length === 0) await this.identity.revoke(tokens.refreshToken).catch(() => undefined);
    if (pending) await this.em.nativeDelete(PendingXeroLink, { id: pending.id });
    throw new XeroOrganisationTakenError(org.tenantName);
  }

  private async disconnectAtXero(tokens: XeroTokenSet, organisations: PendingOrganisation[]): Promise<void> {
    for (const org of organisations) {
      await this.identity.deleteConnection(tokens.accessToken, org.connectionId).catch((error: Error) => {
        this.logger.warn(`Could not remove an unused Xero connection: ${error.name}`);
      });
    }
  }

  /** Expired attempts, and pending choices abandoned by the owner (their tokens revoked at Xero). */
  private async purgeExpired(): Promise<void> {
    await this.em.nativeDelete(OAuthAttempt, { expiresAt: { $lt: new Date() } });
    const abandoned = await this.em.find(PendingXeroLink, { expiresAt: { $lt: new Date() } });
    for (const pending of abandoned) {
      try {
        await this.identity.revoke(this.readPending(pending, pending.account.id).refreshToken);
      } catch {
        // Best effort: Xero drops unused refresh tokens after 60 days in any case.
      }
      this.em.remove(pending);
    }
    await this.em.flush();
  }

  /** Consumes the attempt for this state exactly once, whatever the number of concurrent callbacks. */
  private async consumeAttempt(state: string) {
    const rows = await this.em
      .getConnection()
      .execute<
        { account: string; user: string; session_hash: string; code_verifier: string; expires_at: string }[]
      >(`delete from "oauth_attempt" where "state_hash" = ? returning "account_id" as "account", "user_id" as "user", "session_hash", "code_verifier", "expires_at"`, [sha256(state)]);
    return rows[0];
  }

  private readPending(pending: PendingXeroLink, accountId: string): XeroTokenSet {
    const tokens = JSON.parse(this.cipher.decrypt(pending.tokenSet, accountId)) as XeroTokenSet;
    return { ...tokens, expiresAt: new Date(tokens.expiresAt) };
  }
}
