import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Writable } from 'node:stream';
import request from 'supertest';
import {
  TokenCipher,
  XeroConnection,
  XeroConnectionNeedsReconnect,
  XeroTokensService,
} from '../../src/xero-auth';
import { SandboxCounters } from '../../src/xero-sandbox';
import { createAccountWithUsers, TEST_PASSWORD } from '../factories/identity.factory';
import { signIn } from '../support/browser-session';
import { startTestApp, TestApp, TEST_TOKEN_KEYS } from '../support/test-app';
import { connectAs, pathOf, startConnect } from '../support/xero-connect';
import { authorizeInSandbox } from '../support/xero-sandbox';

describe('Xero tokens', () => {
  const logLines: string[] = [];
  const logs = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  let t: TestApp;
  let em: EntityManager;
  let accountId: string;
  const secrets: string[] = [];

  const row = async () =>
    (await em.getConnection().execute(`select * from xero_connection where account_id = ?`, [accountId]))[0];
  const expireAccessToken = () =>
    em
      .getConnection()
      .execute(
        `update xero_connection set access_token_expires_at = now() - interval '1 minute' where account_id = ?`,
        [accountId],
      );
  const storedTokens = async (app: TestApp) => {
    const tokens = app.app.get(XeroTokensService);
    const connection = await (app.app.get(MikroORM).em.fork() as EntityManager).findOneOrFail(
      XeroConnection,
      { account: accountId },
      { populate: ['tokenSet'] },
    );
    return tokens.read(connection);
  };

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'trace' }, { listen: true, logDestination: logs });
    em = t.app.get(MikroORM).em.fork() as EntityManager;
    const acme = await createAccountWithUsers(t.app, 'tokens');
    accountId = acme.account.id;
    const owner = await signIn(t.app, 'owner@tokens.test', TEST_PASSWORD);

    // A refused attempt and a real one, so the logs see codes and states of both kinds.
    const refused = await authorizeInSandbox(await startConnect(owner), { email: 'single@sandbox.test' });
    await owner.agent.get(pathOf(refused.callbackUrl.replace('state=', 'state=x')));
    secrets.push(refused.params.code, refused.params.state);
    // A callback reaching a browser whose session has gone: sent to sign in, without the code in `next`.
    const orphan = await authorizeInSandbox(await startConnect(owner), { email: 'single@sandbox.test' });
    const signedOut = await request(t.app.getHttpServer()).get(pathOf(orphan.callbackUrl));
    expect(signedOut.headers.location).toBe('/login?next=%2Fsettings%2Fintegrations%2Fxero%2Fcallback');
    secrets.push(orphan.params.code, orphan.params.state);
    const { outcome } = await connectAs(owner, { email: 'single@sandbox.test' });
    secrets.push(outcome.params.code, outcome.params.state);
    const stored = await storedTokens(t);
    secrets.push(stored.accessToken, stored.refreshToken);
  });
  afterAll(async () => {
    await t.close();
    // Checked last: everything this file did, at trace level, is in the captured lines.
    const all = logLines.join('');
    expect(all.length).toBeGreaterThan(1000);
    // The callbacks were logged, with their code and state blanked out.
    expect(all).toContain('/settings/integrations/xero/callback?code=%5Bredacted%5D');
    for (const secret of secrets.filter(Boolean)) expect(all).not.toContain(secret);
  });

  it('keeps only ciphertext in the token column', async () => {
    const { token_set } = await row();
    const stored = await storedTokens(t);
    expect(token_set).toMatch(/^v1\.t1\./);
    expect(token_set).not.toContain(stored.accessToken);
    expect(token_set).not.toContain(stored.refreshToken);
    expect(token_set).not.toContain(stored.accessToken.split('.')[1]);
  });

  it('refreshes an expired token once for two concurrent callers, saving the rotated refresh token', async () => {
    const counters = t.app.get(SandboxCounters);
    const before = await storedTokens(t);
    await expireAccessToken();
    const refreshesBefore = counters.refreshes;
    const tokens = t.app.get(XeroTokensService);
    const [a, b] = await Promise.all([tokens.getAccessToken(accountId), tokens.getAccessToken(accountId)]);
    expect(counters.refreshes - refreshesBefore).toBe(1);
    expect(a).toBe(b);
    const after = await storedTokens(t);
    expect(after.accessToken).toBe(a);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    secrets.push(after.accessToken, after.refreshToken);
    // A fresh token is used as it is.
    await tokens.getAccessToken(accountId);
    expect(counters.refreshes - refreshesBefore).toBe(1);
  });

  it('refreshes once for two app instances sharing the database', async () => {
    const second = await startTestApp(
      {
        XERO_IDENTITY_URL: t.config.xero.identityUrl,
        XERO_API_URL: t.config.xero.apiUrl,
        LOG_LEVEL: 'silent',
      },
      { database: t.database },
    );
    try {
      const counters = t.app.get(SandboxCounters);
      await expireAccessToken();
      const refreshesBefore = counters.refreshes;
      const [a, b] = await Promise.all([
        t.app.get(XeroTokensService).getAccessToken(accountId),
        second.app.get(XeroTokensService).getAccessToken(accountId),
      ]);
      expect(counters.refreshes - refreshesBefore).toBe(1);
      expect(a).toBe(b);
      secrets.push(a);
    } finally {
      await second.close();
    }
  });

  it('keeps a connection idle for a week alive with a refresh, and leaves recent ones alone', async () => {
    const counters = t.app.get(SandboxCounters);
    const tokens = t.app.get(XeroTokensService);
    const refreshesBefore = counters.refreshes;
    expect(await tokens.keepAlive()).toBe(0);
    await em
      .getConnection()
      .execute(
        `update xero_connection set last_refreshed_at = now() - interval '8 days' where account_id = ?`,
        [accountId],
      );
    expect(await tokens.keepAlive()).toBe(1);
    expect(counters.refreshes - refreshesBefore).toBe(1);
    expect(new Date((await row()).last_refreshed_at).getTime()).toBeGreaterThan(Date.now() - 60_000);
    secrets.push((await storedTokens(t)).accessToken);
  });

  it('reads tokens written under an old key after rotation, and re-encrypts them with the new key', async () => {
    const newKey = `t2:${Buffer.alloc(32, 9).toString('base64')}`;
    const rotated = await startTestApp(
      {
        TOKEN_ENCRYPTION_KEYS: `${newKey},${TEST_TOKEN_KEYS}`,
        XERO_IDENTITY_URL: t.config.xero.identityUrl,
        XERO_API_URL: t.config.xero.apiUrl,
        LOG_LEVEL: 'silent',
      },
      { database: t.database },
    );
    try {
      expect((await row()).token_set).toMatch(/^v1\.t1\./);
      const tokens = rotated.app.get(XeroTokensService);
      expect(await tokens.getAccessToken(accountId)).toBe((await storedTokens(t)).accessToken);
      await expireAccessToken();
      secrets.push(await tokens.getAccessToken(accountId));
      expect((await row()).token_set).toMatch(/^v1\.t2\./);
    } finally {
      await rotated.close();
    }
  });

  it('marks the connection for reconnecting when Xero refuses the refresh token, once, with an event', async () => {
    const events: XeroConnectionNeedsReconnect[] = [];
    t.app
      .get(EventEmitter2)
      .on(XeroConnectionNeedsReconnect.event, (e: XeroConnectionNeedsReconnect) => events.push(e));
    // The token rotated under another key in the previous test; this app reads it with its own key list.
    await em
      .getConnection()
      .execute(`update xero_connection set token_set = ? where account_id = ?`, [
        t.app
          .get(TokenCipher)
          .encrypt(JSON.stringify({ accessToken: 'revoked', refreshToken: 'no-longer-valid' }), accountId),
        accountId,
      ]);
    await expireAccessToken();
    await expect(t.app.get(XeroTokensService).getAccessToken(accountId)).rejects.toThrow(/no longer accepts/);
    expect((await row()).status).toBe('needs_reconnect');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ accountId, tenantName: 'Demo Training Co (Xero)' });

    const owner = await signIn(t.app, 'owner@tokens.test', TEST_PASSWORD);
    expect((await owner.agent.get('/settings/integrations')).text).toContain(
      'Xero no longer accepts the connection',
    );
    expect((await owner.agent.get('/')).text).toContain('Reconnect Xero');
    const manage = await owner.agent.get('/settings/integrations/xero');
    expect(manage.text).toContain('Needs reconnect');
    expect(manage.text).toContain('Reconnect');
  });
});
