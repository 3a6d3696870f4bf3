import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import request from 'supertest';
import { EventEmitter2 } from '@nestjs/event-emitter';
import {
  TokenCipher,
  XeroConnection,
  XeroConnectionNeedsReconnect,
  XeroTokensService,
} from '../../src/xero-auth';
import { DEMO_TENANT_ID, NORTHWIND_TENANT_ID, SandboxCounters } from '../../src/xero-sandbox';
import { createAccountWithUsers, TEST_PASSWORD } from '../factories/identity.factory';
import { csrfFrom, signIn, Visitor } from '../support/browser-session';
import { databaseDigest } from '../support/database-digest';
import { freePort, startTestApp, TestApp } from '../support/test-app';
import { connectAs, pathOf, startConnect } from '../support/xero-connect';
import { authorizeInSandbox, hiddenFields, xeroAppAs } from '../support/xero-sandbox';

const DEMO_ORG = 'Demo Training Co (Xero)';
const NORTHWIND = 'Northwind College Pty Ltd';

describe('connecting Xero', () => {
  let t: TestApp;
  let em: EntityManager;

  const ownerOf = async (prefix: string): Promise<Visitor> => {
    await createAccountWithUsers(t.app, prefix);
    return signIn(t.app, `owner@${prefix}.test`, TEST_PASSWORD);
  };
  const connectionRows = async (prefix: string) =>
    em
      .getConnection()
      .execute(`select c.* from xero_connection c join account a on a.id = c.account_id where a.name = ?`, [
        `${prefix} Training`,
      ]);

  beforeAll(async () => {
    t = await startTestApp({}, { listen: true });
    em = t.app.get(MikroORM).em.fork() as EntityManager;
  });
  afterAll(() => t.close());
  // One organisation belongs to one account at a time: each test's account lets go of it when the test ends.
  afterEach(() => em.getConnection().execute(`update xero_connection set status = 'disconnected'`));

  const TAKEN = `${DEMO_ORG} is already connected to another LRM account`;
  const storedState = async () => {
    const { oauth_attempt: _consumed, ...rest } = await databaseDigest(t.app);
    return rest;
  };
  /** The sandbox's own list of the apps connected to an organisation, as a Xero user of it sees it. */
  const connectedAtXero = async (tenantId: string) =>
    (
      await (
        await xeroAppAs(t.url!, 'multi@sandbox.test')
      ).get(`/xero-sandbox/app/${tenantId}/connected-apps`)
    ).text;
  const apiConnections = async (accountId: string) =>
    (
      await request(t.config.xero.apiUrl)
        .get('/connections')
        .set('Authorization', `Bearer ${await t.app.get(XeroTokensService).getAccessToken(accountId)}`)
        .expect(200)
    ).body.map((c: { tenantName: string }) => c.tenantName);

  it('links a single-organisation user and says "Connection Successful!"', async () => {
    const owner = await ownerOf('single');
    const { callback } = await connectAs(owner, { email: 'single@sandbox.test' });
    expect(callback.status).toBe(303);
    expect(callback.headers.location).toBe('/settings/integrations/xero');

    const manage = await owner.agent.get('/settings/integrations/xero').expect(200);
    expect(manage.text).toContain('Connection Successful!');
    expect(manage.text).toContain('Connected Successfully');
    expect(manage.text).toContain(DEMO_ORG);
    expect(manage.text).toContain('AUD');
    // The flash shows once.
    expect((await owner.agent.get('/settings/integrations/xero')).text).not.toContain(
      'Connection Successful!',
    );

    const apps = await owner.agent.get('/settings/integrations');
    expect(apps.text).toContain('Manage');
    expect(apps.text).toContain(DEMO_ORG);
  });

  it('escapes what comes from Xero, such as the organisation name', async () => {
    const owner = await ownerOf('escape');
    await connectAs(owner, { email: 'single@sandbox.test' });
    await em
      .getConnection()
      .execute(
        `update xero_connection set tenant_name = '<script>alert(1)</script> & Co' where account_id = (select id from account where name = 'escape Training')`,
      );
    for (const path of ['/settings/integrations', '/settings/integrations/xero', '/']) {
      const page = await owner.agent.get(path);
      expect(page.text).not.toContain('<script>alert(1)</script>');
      expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    }
  });

  it('lets a user with several organisations choose one in the LRM; the other is disconnected at Xero', async () => {
    const owner = await ownerOf('multi');
    const { callback } = await connectAs(owner, { email: 'multi@sandbox.test' });
    expect(callback.headers.location).toMatch(/\/settings\/integrations\/xero\/choose\//);
    const page = await owner.agent.get(callback.headers.location).expect(200);
    expect(page.text).toContain(DEMO_ORG);
    expect(page.text).toContain(NORTHWIND);
    const northwind = new RegExp(`value="([^"]+)" required(?: checked)?> ${NORTHWIND}`).exec(page.text)![1];
    const chosen = await owner.agent
      .post(callback.headers.location)
      .type('form')
      .send({ connectionId: northwind, _csrf: csrfFrom(page.text) });
    expect(chosen.headers.location).toBe('/settings/integrations/xero');
    const manage = await owner.agent.get('/settings/integrations/xero');
    expect(manage.text).toContain('Connection Successful!');
    expect(manage.text).toContain(NORTHWIND);
    const [row] = await connectionRows('multi');
    expect(row.tenant_name).toBe(NORTHWIND);

    const tokens = t.app.get(XeroTokensService);
    const atXero = await request(t.config.xero.apiUrl)
      .get('/connections')
      .set('Authorization', `Bearer ${await tokens.getAccessToken(row.account_id)}`)
      .expect(200);
    expect(atXero.body.map((c: { tenantName: string }) => c.tenantName)).toEqual([NORTHWIND]);
  });

  it('warns when the Xero user has no organisation, and stores nothing', async () => {
    const owner = await ownerOf('none');
    await connectAs(owner, { email: 'none@sandbox.test' });
    const manage = await owner.agent.get('/settings/integrations/xero');
    expect(manage.text).toContain('Your Xero user has no organisation to connect');
    expect(await connectionRows('none')).toHaveLength(0);
  });

  it('says so kindly when the user cancels at Xero, and stores nothing', async () => {
    const owner = await ownerOf('cancel');
    const { outcome } = await connectAs(owner, { email: 'single@sandbox.test', cancel: true });
    expect(outcome.params.error).toBe('access_denied');
    const manage = await owner.agent.get('/settings/integrations/xero');
    expect(manage.text).toContain('You cancelled at Xero, so nothing was connected.');
    expect(await connectionRows('cancel')).toHaveLength(0);
  });

  it('refuses a missing, tampered, replayed or expired state and a wrong PKCE verifier, storing nothing', async () => {
    const owner = await ownerOf('forged');
    // The consumed attempt is the one row a refused callback may remove.
    const digest = async () => {
      const { oauth_attempt: _consumed, ...rest } = await databaseDigest(t.app);
      return rest;
    };
    const refusedWithNothingStored = async (path: string) => {
      const before = await digest();
      const res = await owner.agent.get(path);
      expect(res.headers.location).toBe('/settings/integrations/xero');
      expect(await digest()).toEqual(before);
      const page = await owner.agent.get('/settings/integrations/xero');
      expect(page.text).toMatch(/expired, was already used|did not accept the sign-in/);
      expect(await connectionRows('forged')).toHaveLength(0);
    };

    // Missing and tampered state.
    const first = await authorizeInSandbox(await startConnect(owner), { email: 'single@sandbox.test' });
    await refusedWithNothingStored(`/settings/integrations/xero/callback?code=${first.params.code}`);
    const tampered = new URL(first.callbackUrl);
    tampered.searchParams.set('state', `${first.params.state}x`);
    await refusedWithNothingStored(pathOf(tampered.toString()));

    // Replayed: the first use succeeds, the second is refused.
    const replay = await authorizeInSandbox(await startConnect(owner), { email: 'single@sandbox.test' });
    await owner.agent.get(pathOf(replay.callbackUrl)).expect(303);
    expect(await connectionRows('forged')).toHaveLength(1);
    await em.getConnection().execute(`delete from xero_connection`);
    await refusedWithNothingStored(pathOf(replay.callbackUrl));

    // Expired: the attempt is older than 10 minutes.
    const late = await authorizeInSandbox(await startConnect(owner), { email: 'single@sandbox.test' });
    await em.getConnection().execute(`update oauth_attempt set expires_at = now() - interval '1 minute'`);
    await refusedWithNothingStored(pathOf(late.callbackUrl));

    // Wrong verifier: the stored verifier is replaced, so Xero's PKCE check fails.
    const authorizeUrl = await startConnect(owner);
    const wrong = await authorizeInSandbox(authorizeUrl, { email: 'single@sandbox.test' });
    const [attempt] = await em.getConnection().execute(`select account_id from oauth_attempt`);
    const cipher = t.app.get(TokenCipher);
    await em
      .getConnection()
      .execute(`update oauth_attempt set code_verifier = ?`, [
        cipher.encrypt('x'.repeat(64), attempt.account_id),
      ]);
    await refusedWithNothingStored(pathOf(wrong.callbackUrl));
  });

  it('refuses a callback finished in another browser session (state bound to the session)', async () => {
    const owner = await ownerOf('victim');
    const attacker = await signIn(t.app, 'owner@victim.test', TEST_PASSWORD);
    const outcome = await authorizeInSandbox(await startConnect(attacker), { email: 'single@sandbox.test' });
    // The same user in another browser session cannot finish this consent.
    await owner.agent.get(pathOf(outcome.callbackUrl)).expect(303);
    expect(await connectionRows('victim')).toHaveLength(0);
  });

  it('reconnects to the same organisation keeping everything, and asks before linking a different one', async () => {
    const owner = await ownerOf('switch');
    await connectAs(owner, { email: 'multi@sandbox.test', organisations: [DEMO_ORG] });
    const [first] = await connectionRows('switch');

    await connectAs(owner, { email: 'multi@sandbox.test', organisations: [DEMO_ORG] });
    const [again] = await connectionRows('switch');
    expect(again.tenant_id).toBe(first.tenant_id);
    expect(again.previous_tenant_id).toBeNull();
    expect((await owner.agent.get('/settings/integrations/xero')).text).toContain('Reconnected');

    const { callback } = await connectAs(owner, { email: 'multi@sandbox.test', organisations: [NORTHWIND] });
    expect(callback.headers.location).toMatch(/\/confirm\//);
    const confirm = await owner.agent.get(callback.headers.location);
    expect(confirm.text).toContain('is cleared');
    expect((await connectionRows('switch'))[0].tenant_name).toBe(DEMO_ORG);

    await owner.agent
      .post(callback.headers.location)
      .type('form')
      .send({ decision: 'change', _csrf: csrfFrom(confirm.text) })
      .expect(303);
    const [switched] = await connectionRows('switch');
    expect(switched.tenant_name).toBe(NORTHWIND);
    expect(switched.previous_tenant_id).toBe(first.tenant_id);
  });

  it('notices a consent revoked in Xero: needs reconnect, a banner, and one event', async () => {
    const events: XeroConnectionNeedsReconnect[] = [];
    t.app
      .get(EventEmitter2)
      .on(XeroConnectionNeedsReconnect.event, (e: XeroConnectionNeedsReconnect) => events.push(e));
    const owner = await ownerOf('revoked');
    await connectAs(owner, { email: 'single@sandbox.test' });
    const [linked] = await connectionRows('revoked');

    // In the sandbox's UI, as a customer disconnecting the app in Xero would.
    const xeroUser = await xeroAppAs(t.url!, 'single@sandbox.test');
    const page = `/xero-sandbox/app/${linked.tenant_id}/connected-apps`;
    const html = (await xeroUser.get(page).expect(200)).text;
    const action = new RegExp(
      `action="(/xero-sandbox/app/[^"]+/connected-apps/${linked.connection_id}/revoke)"`,
    ).exec(html)![1];
    await xeroUser
      .post(action)
      .type('form')
      .send({ _csrf: hiddenFields(html)._csrf })
      .expect(303);

    const manage = await owner.agent.get('/settings/integrations/xero');
    expect(manage.text).toContain('Needs reconnect');
    expect(manage.text).toContain('Xero no longer accepts this connection');
    expect((await owner.agent.get('/settings/integrations')).text).toContain(
      'Xero no longer accepts the connection',
    );
    expect((await connectionRows('revoked'))[0].status).toBe('needs_reconnect');
    expect(events.filter((e) => e.accountId === linked.account_id)).toHaveLength(1);

    // Reconnecting to the same organisation brings it back.
    await connectAs(owner, { email: 'single@sandbox.test' });
    expect((await connectionRows('revoked'))[0].status).toBe('connected');
  });

  it('asks Xero once per view of the Manage page', async () => {
    const owner = await ownerOf('calls');
    await connectAs(owner, { email: 'single@sandbox.test' });
    const [row] = await connectionRows('calls');
    const counters = t.app.get(SandboxCounters);
    const key = `GET Organisation ${row.tenant_id}`;
    const before = counters.calls[key] ?? 0;
    await owner.agent.get('/settings/integrations/xero').expect(200);
    expect((counters.calls[key] ?? 0) - before).toBe(1);
  });

  it('keeps the linked organisation connected at Xero when the owner declines a different one', async () => {
    const owner = await ownerOf('keep');
    await connectAs(owner, { email: 'multi@sandbox.test', organisations: [DEMO_ORG] });
    const [first] = await connectionRows('keep');

    // Both organisations at Xero's consent page, Northwind chosen in the LRM, then "No, keep".
    const { callback } = await connectAs(owner, { email: 'multi@sandbox.test' });
    const page = await owner.agent.get(callback.headers.location);
    const northwind = new RegExp(`value="([^"]+)" required(?: checked)?> ${NORTHWIND}`).exec(page.text)![1];
    const chosen = await owner.agent
      .post(callback.headers.location)
      .type('form')
      .send({ connectionId: northwind, _csrf: csrfFrom(page.text) });
    expect(chosen.headers.location).toMatch(/\/confirm\//);
    const confirm = await owner.agent.get(chosen.headers.location);
    await owner.agent
      .post(chosen.headers.location)
      .type('form')
      .send({ decision: 'keep', _csrf: csrfFrom(confirm.text) })
      .expect(303);

    const manage = await owner.agent.get('/settings/integrations/xero');
    expect(manage.text).toContain('Nothing changed');
    expect(manage.text).toContain('Connected Successfully');
    const [kept] = await connectionRows('keep');
    expect([kept.status, kept.tenant_id]).toEqual(['connected', first.tenant_id]);
    const atXero = await request(t.config.xero.apiUrl)
      .get('/connections')
      .set('Authorization', `Bearer ${await t.app.get(XeroTokensService).getAccessToken(kept.account_id)}`)
      .expect(200);
    expect(atXero.body.map((c: { tenantName: string }) => c.tenantName)).toEqual([DEMO_ORG]);
  });

  it('disconnects: revoked at Xero, tokens wiped, history kept', async () => {
    const owner = await ownerOf('leave');
    await connectAs(owner, { email: 'single@sandbox.test' });
    const [linked] = await connectionRows('leave');
    const before = await t.app.get(XeroTokensService).getAccessToken(linked.account_id);
    const { refreshToken } = await (async () => {
      const connection = await (t.app.get(MikroORM).em.fork() as EntityManager).findOneOrFail(
        XeroConnection,
        { account: linked.account_id },
        { populate: ['tokenSet'] },
      );
      return t.app.get(XeroTokensService).read(connection);
    })();
    const confirm = await owner.agent.get('/settings/integrations/xero/disconnect').expect(200);
    expect(confirm.text).toContain(DEMO_ORG);
    await owner.agent
      .post('/settings/integrations/xero/disconnect')
      .type('form')
      .send({ _csrf: csrfFrom(confirm.text) })
      .expect(303);
    const [row] = await connectionRows('leave');
    expect(row.status).toBe('disconnected');
    expect(row.token_set).toBeNull();
    const manage = await owner.agent.get('/settings/integrations/xero');
    expect(manage.text).toContain('Xero is disconnected.');
    expect(manage.text).toMatch(/Disconnected[\s\S]*Connected/);

    // At Xero: the organisation is no longer connected and the refresh token no longer works.
    const atXero = await request(t.config.xero.apiUrl)
      .get('/connections')
      .set('Authorization', `Bearer ${before}`);
    expect(atXero.status === 200 ? atXero.body : []).toEqual([]);
    const refresh = await request(t.config.xero.identityUrl)
      .post('/connect/token')
      .auth(t.config.xero.clientId, t.config.xero.clientSecret)
      .type('form')
      .send({ grant_type: 'refresh_token', refresh_token: refreshToken });
    expect(refresh.status).toBe(400);
    expect(refresh.body.error).toBe('invalid_grant');

    // A second Disconnect has nothing to do and says so.
    const again = await owner.agent.get('/settings/integrations/xero');
    await owner.agent
      .post('/settings/integrations/xero/disconnect')
      .type('form')
      .send({ _csrf: csrfFrom(again.text) })
      .expect(303);
    expect((await owner.agent.get('/settings/integrations/xero')).text).toContain(
      'there was nothing to disconnect',
    );
  });

  it('refuses an organisation another account holds: a plain message, nothing stored, its connection removed at Xero', async () => {
    const holder = await ownerOf('holder');
    await connectAs(holder, { email: 'single@sandbox.test' });
    const [held] = await connectionRows('holder');
    const second = await ownerOf('second');
    const before = await storedState();

    const { callback } = await connectAs(second, { email: 'multi@sandbox.test', organisations: [DEMO_ORG] });
    expect(callback.headers.location).toBe('/settings/integrations/xero');
    const manage = await second.agent.get('/settings/integrations/xero').expect(200);
    expect(manage.text).toContain(TAKEN);
    expect(manage.text).not.toContain('Connected Successfully');
    expect(await connectionRows('second')).toHaveLength(0);
    expect(await storedState()).toEqual(before);

    const atXero = await connectedAtXero(held.tenant_id);
    expect(atXero).toContain('single@sandbox.test');
    expect(atXero).not.toContain('multi@sandbox.test');
    expect(await apiConnections(held.account_id)).toEqual([DEMO_ORG]);
    expect((await holder.agent.get('/settings/integrations/xero')).text).toContain('Connected Successfully');
  });

  it('keeps the holder connected when the same Xero user tries the organisation for a second account', async () => {
    const holder = await ownerOf('twin-a');
    await connectAs(holder, { email: 'single@sandbox.test' });
    const [held] = await connectionRows('twin-a');
    const second = await ownerOf('twin-b');
    await connectAs(second, { email: 'single@sandbox.test' });
    expect((await second.agent.get('/settings/integrations/xero')).text).toContain(TAKEN);
    expect(await connectionRows('twin-b')).toHaveLength(0);
    // Xero hands one connection per user and organisation: it is the holder's, so it stays.
    expect(await apiConnections(held.account_id)).toEqual([DEMO_ORG]);
  });

  it('refuses choosing an organisation another account holds, and removes the whole consent at Xero', async () => {
    const holder = await ownerOf('holder-2');
    await connectAs(holder, { email: 'single@sandbox.test' });
    const [held] = await connectionRows('holder-2');
    const chooser = await ownerOf('chooser');
    const { callback } = await connectAs(chooser, { email: 'multi@sandbox.test' });
    const page = await chooser.agent.get(callback.headers.location).expect(200);
    const demo = new RegExp(
      `value="([^"]+)" required(?: checked)?> ${DEMO_ORG.replace(/[()]/g, '\\$&')}`,
    ).exec(page.text)![1];
    const before = await storedState();
    const chosen = await chooser.agent
      .post(callback.headers.location)
      .type('form')
      .send({ connectionId: demo, _csrf: csrfFrom(page.text) })
      .expect(303);
    expect(chosen.headers.location).toBe('/settings/integrations/xero');
    expect((await chooser.agent.get('/settings/integrations/xero')).text).toContain(TAKEN);
    const { pending_xero_link: _gone, ...after } = await storedState();
    const { pending_xero_link: _waiting, ...rest } = before;
    expect(after).toEqual(rest);
    expect(await em.getConnection().execute(`select * from pending_xero_link`)).toHaveLength(0);
    expect(await connectionRows('chooser')).toHaveLength(0);
    expect(await connectedAtXero(held.tenant_id)).not.toContain('multi@sandbox.test');
    expect(await connectedAtXero(NORTHWIND_TENANT_ID)).not.toContain('multi@sandbox.test');
  });

  it('lets one of two owners racing for one organisation win, and the database refuses a second live link', async () => {
    const first = await ownerOf('race-a');
    const other = await ownerOf('race-b');
    const [a, b] = [
      await authorizeInSandbox(await startConnect(first), { email: 'single@sandbox.test' }),
      await authorizeInSandbox(await startConnect(other), {
        email: 'multi@sandbox.test',
        organisations: [DEMO_ORG],
      }),
    ];
    await Promise.all([
      first.agent.get(pathOf(a.callbackUrl)).expect(303),
      other.agent.get(pathOf(b.callbackUrl)).expect(303),
    ]);
    const live = await em
      .getConnection()
      .execute(`select account_id from xero_connection where status <> 'disconnected'`);
    expect(live).toHaveLength(1);

    await createAccountWithUsers(t.app, 'race-c');
    await expect(
      em.getConnection().execute(
        `insert into xero_connection (id, account_id, status, tenant_id, created_at, updated_at)
         select gen_random_uuid(), id, 'connected', ?, now(), now() from account where name = 'race-c Training'`,
        [DEMO_TENANT_ID],
      ),
    ).rejects.toThrow(/xero_connection_live_tenant_unique/);
  });
});

describe('connecting Xero when Xero refuses or fails', () => {
  it('leaves a healthy connection alone when Xero refuses one call for a missing scope', async () => {
    const t = await startTestApp(
      { XERO_SCOPES: 'openid profile email offline_access accounting.contacts accounting.invoices' },
      { listen: true },
    );
    try {
      await createAccountWithUsers(t.app, 'scope');
      const owner = await signIn(t.app, 'owner@scope.test', TEST_PASSWORD);
      await connectAs(owner, { email: 'single@sandbox.test' });
      const manage = await owner.agent.get('/settings/integrations/xero');
      expect(manage.text).toContain('Connected Successfully');
      expect(manage.text).toContain('could not be loaded from Xero');
      expect((await owner.agent.get('/settings/integrations/xero')).text).not.toContain('Needs reconnect');
    } finally {
      await t.close();
    }
  });

  it('says plainly when Xero cannot be reached after sign-in, storing nothing', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const t = await startTestApp({ XERO_API_URL: closed }, { listen: true });
    try {
      await createAccountWithUsers(t.app, 'down');
      const owner = await signIn(t.app, 'owner@down.test', TEST_PASSWORD);
      const { callback } = await connectAs(owner, { email: 'single@sandbox.test' });
      expect(callback.headers.location).toBe('/settings/integrations/xero');
      const manage = await owner.agent.get('/settings/integrations/xero');
      expect(manage.status).toBe(200);
      expect(manage.text).toContain('Xero could not be reached to list your organisations');
      const rows = await (t.app.get(MikroORM).em.fork() as EntityManager)
        .getConnection()
        .execute(`select * from xero_connection`);
      expect(rows).toHaveLength(0);
    } finally {
      await t.close();
    }
  });
});
