import { BaseClient, errors, generators, Issuer } from 'openid-client';
import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';
import { authorizeInSandbox } from '../support/xero-sandbox';

describe('Xero sandbox identity, driven by openid-client', () => {
  let testApp: TestApp;
  let client: BaseClient;
  let redirectUri: string;

  beforeAll(async () => {
    testApp = await startTestApp({}, { listen: true });
    const issuer = await Issuer.discover(testApp.config.xero.identityUrl);
    redirectUri = testApp.config.xero.redirectUri;
    client = new issuer.Client({
      client_id: testApp.config.xero.clientId,
      client_secret: testApp.config.xero.clientSecret,
      redirect_uris: [redirectUri],
      response_types: ['code'],
    });
  });
  afterAll(() => testApp.close());

  async function connect(email: string, organisations?: string[]) {
    const verifier = generators.codeVerifier();
    const state = generators.state();
    const url = client.authorizationUrl({
      scope: testApp.config.xero.scopes.join(' '),
      code_challenge: generators.codeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    const outcome = await authorizeInSandbox(url, { email, organisations });
    return { outcome, verifier, state };
  }

  async function connectAndExchange(email: string, organisations?: string[]) {
    const { outcome, verifier, state } = await connect(email, organisations);
    return client.callback(redirectUri, outcome.params, { code_verifier: verifier, state });
  }

  const connections = (accessToken: string, authEventId?: string) =>
    request(testApp.url!)
      .get('/xero-sandbox/api/connections')
      .query(authEventId ? { authEventId } : {})
      .set('Authorization', `Bearer ${accessToken}`);

  it('publishes discovery with the agreed endpoints and an RS256 key set', async () => {
    const issuer = await Issuer.discover(testApp.config.xero.identityUrl);
    const base = testApp.url!;
    expect(issuer.metadata.issuer).toBe(`${base}/xero-sandbox/identity`);
    expect(issuer.metadata.authorization_endpoint).toBe(
      `${base}/xero-sandbox/login/identity/connect/authorize`,
    );
    expect(issuer.metadata.token_endpoint).toBe(`${base}/xero-sandbox/identity/connect/token`);
    expect(issuer.metadata.revocation_endpoint).toBe(`${base}/xero-sandbox/identity/connect/revocation`);
    const jwks = await request(base)
      .get('/xero-sandbox/identity/.well-known/openid-configuration/jwks')
      .expect(200);
    expect(jwks.body.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks.body.keys[0].d).toBeUndefined();
  });

  it('lets multi@sandbox.test choose one organisation; the code exchange with PKCE yields verified tokens', async () => {
    const { outcome, verifier, state } = await connect('multi@sandbox.test', ['Northwind College Pty Ltd']);
    expect(outcome.callbackUrl.startsWith(redirectUri)).toBe(true);
    expect(outcome.params.state).toBe(state);
    const tokens = await client.callback(redirectUri, outcome.params, { code_verifier: verifier, state });
    expect(tokens.claims().email).toBe('multi@sandbox.test');
    expect(tokens.expires_in).toBe(1800);
    expect(tokens.refresh_token).toBeDefined();

    const authEventId = JSON.parse(Buffer.from(tokens.access_token!.split('.')[1], 'base64url').toString())
      .authentication_event_id as string;
    const listed = await connections(tokens.access_token!, authEventId).expect(200);
    expect(listed.body).toEqual([
      expect.objectContaining({
        authEventId,
        tenantType: 'ORGANISATION',
        tenantName: 'Northwind College Pty Ltd',
        id: expect.any(String),
        tenantId: expect.any(String),
      }),
    ]);

    // A code is single use.
    await expect(
      client.callback(redirectUri, outcome.params, { code_verifier: verifier, state }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a wrong PKCE verifier and a different redirect URI', async () => {
    const first = await connect('single@sandbox.test');
    await expect(
      client.callback(redirectUri, first.outcome.params, {
        code_verifier: generators.codeVerifier(),
        state: first.state,
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });

    const second = await connect('single@sandbox.test');
    const token = await request(testApp.url!)
      .post('/xero-sandbox/identity/connect/token')
      .auth(testApp.config.xero.clientId, testApp.config.xero.clientSecret)
      .type('form')
      .send({
        grant_type: 'authorization_code',
        code: second.outcome.params.code,
        redirect_uri: `${redirectUri}/other`,
        code_verifier: second.verifier,
      });
    expect(token.status).toBe(400);
    expect(token.body).toEqual({ error: 'invalid_grant' });
  });

  it('authenticates the client with client_secret_post too, and refuses a wrong secret', async () => {
    const { outcome, verifier } = await connect('single@sandbox.test');
    const post = (secret: string) =>
      request(testApp.url!).post('/xero-sandbox/identity/connect/token').type('form').send({
        grant_type: 'authorization_code',
        code: outcome.params.code,
        redirect_uri: redirectUri,
        code_verifier: verifier,
        client_id: testApp.config.xero.clientId,
        client_secret: secret,
      });
    const wrong = await post('not-the-secret');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('invalid_client');
    const right = await post(testApp.config.xero.clientSecret).expect(200);
    expect(right.body).toMatchObject({ token_type: 'Bearer', expires_in: 1800 });
  });

  it('redirects with error=access_denied when the user cancels', async () => {
    const state = generators.state();
    const url = client.authorizationUrl({
      scope: testApp.config.xero.scopes.join(' '),
      code_challenge: generators.codeChallenge(generators.codeVerifier()),
      code_challenge_method: 'S256',
      state,
    });
    const outcome = await authorizeInSandbox(url, { email: 'single@sandbox.test', cancel: true });
    expect(outcome.callbackUrl.startsWith(redirectUri)).toBe(true);
    expect(outcome.params).toEqual({ error: 'access_denied', state });
  });

  it('connects no organisation for none@sandbox.test', async () => {
    const tokens = await connectAndExchange('none@sandbox.test');
    const listed = await connections(tokens.access_token!).expect(200);
    expect(listed.body).toEqual([]);
  });

  it('refuses a wrong password and an unknown redirect URI', async () => {
    const url = new URL(
      client.authorizationUrl({
        scope: 'openid',
        code_challenge: 'x'.repeat(43),
        code_challenge_method: 'S256',
      }),
    );
    const agent = request.agent(testApp.url!);
    const page = await agent.get(`${url.pathname}${url.search}`).expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const refused = await agent
      .post(url.pathname)
      .type('form')
      .send({
        ...Object.fromEntries(url.searchParams),
        _csrf: csrf,
        step: 'signin',
        email: 'single@sandbox.test',
        password: 'nope',
      });
    expect(refused.status).toBe(401);
    expect(refused.text).toContain('Your email or password is incorrect');

    url.searchParams.set('redirect_uri', 'https://evil.example/callback');
    const bad = await request(testApp.url!).get(`${url.pathname}${url.search}`);
    expect(bad.status).toBe(400);
    expect(bad.headers.location).toBeUndefined();
  });

  it('rotates refresh tokens, honours the previous one for the grace window, then refuses it', async () => {
    const tokens = await connectAndExchange('single@sandbox.test');
    const second = await client.refresh(tokens.refresh_token!);
    expect(second.refresh_token).not.toBe(tokens.refresh_token);
    // The response of the first refresh was "lost": the old token still works within 30 minutes.
    const retried = await client.refresh(tokens.refresh_token!);
    expect(retried.access_token).toBeDefined();

    jest.useFakeTimers({
      doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'queueMicrotask'],
    });
    try {
      jest.setSystemTime(Date.now() + 31 * 60_000);
      await expect(client.refresh(tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
      // The newest one is still good after the old one's grace has run out.
      const third = await client.refresh(retried.refresh_token!);
      expect(third.access_token).toBeDefined();
    } finally {
      jest.useRealTimers();
    }
  });

  it('expires access tokens after their configured life', async () => {
    const tokens = await connectAndExchange('single@sandbox.test');
    await connections(tokens.access_token!).expect(200);
    jest.useFakeTimers({
      doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'queueMicrotask'],
    });
    try {
      jest.setSystemTime(Date.now() + 30 * 60_000 + 1000);
      await connections(tokens.access_token!).expect(401);
    } finally {
      jest.useRealTimers();
    }
  });

  it('revocation ends the grant: refresh fails with invalid_grant and the access token stops working', async () => {
    const tokens = await connectAndExchange('single@sandbox.test');
    await client.revoke(tokens.refresh_token!, 'refresh_token');
    await expect(client.refresh(tokens.refresh_token!)).rejects.toBeInstanceOf(errors.OPError);
    await connections(tokens.access_token!).expect(401);
  });

  it('deletes a connection by its id', async () => {
    const tokens = await connectAndExchange('multi@sandbox.test');
    const listed = await connections(tokens.access_token!).expect(200);
    const northwind = (listed.body as { id: string; tenantName: string }[]).find(
      (c) => c.tenantName === 'Northwind College Pty Ltd',
    )!;
    await request(testApp.url!)
      .delete(`/xero-sandbox/api/connections/${northwind.id}`)
      .set('Authorization', `Bearer ${tokens.access_token}`)
      .expect(204);
    const after = await connections(tokens.access_token!).expect(200);
    expect((after.body as { tenantName: string }[]).map((c) => c.tenantName)).toEqual([
      'Demo Training Co (Xero)',
    ]);
  });
});
