import { Issuer } from 'openid-client';
import request from 'supertest';
import { loadStandaloneSandboxConfig } from '../../src/config';
import { createSandboxApp } from '../../src/xero-sandbox';
import { freePort, startTestApp, TEST_SESSION_SECRET, TEST_TOKEN_KEYS } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';

describe('the Xero sandbox on its own, and the app without it', () => {
  it('serves the sandbox alone on its own port for an app in production mode', async () => {
    const database = await createTestDatabase();
    const port = await freePort();
    const config = loadStandaloneSandboxConfig({
      DATABASE_URL: database.url,
      SESSION_SECRET: TEST_SESSION_SECRET,
      TOKEN_ENCRYPTION_KEYS: TEST_TOKEN_KEYS,
      LOG_LEVEL: 'silent',
      XERO_SANDBOX_PORT: String(port),
      XERO_SANDBOX_URL: `http://127.0.0.1:${port}`,
      APP_URL: 'https://lrm.example.edu.au',
      XERO_CLIENT_ID: 'production-client',
      XERO_CLIENT_SECRET: 'production-secret',
    });
    const app = await createSandboxApp(config, database.url);
    await app.listen(port, '127.0.0.1');
    try {
      expect(config.xero).toMatchObject({
        mode: 'sandbox',
        clientId: 'production-client',
        redirectUri: 'https://lrm.example.edu.au/settings/integrations/xero/callback',
      });
      const issuer = await Issuer.discover(`http://127.0.0.1:${port}/xero-sandbox/identity`);
      expect(issuer.metadata.token_endpoint).toBe(
        `http://127.0.0.1:${port}/xero-sandbox/identity/connect/token`,
      );
      const client = new issuer.Client({
        client_id: 'production-client',
        client_secret: 'production-secret',
        redirect_uris: [config.xero.redirectUri],
        response_types: ['code'],
      });
      const url = new URL(client.authorizationUrl({ scope: 'openid offline_access', state: 's' }));
      const page = await request(`http://127.0.0.1:${port}`).get(`${url.pathname}${url.search}`).expect(200);
      expect(page.text).toContain('Log in');
      // Only the sandbox is served: no LRM pages.
      await request(`http://127.0.0.1:${port}`).get('/').expect(404);
    } finally {
      await app.close();
      await database.drop();
    }
  });

  it('does not mount the sandbox when the app talks to Xero itself', async () => {
    const testApp = await startTestApp({ XERO_CLIENT_ID: 'real-client', XERO_CLIENT_SECRET: 'real-secret' });
    try {
      expect(testApp.config.xero.mode).toBe('xero');
      await request(testApp.app.getHttpServer())
        .get('/xero-sandbox/identity/.well-known/openid-configuration')
        .expect(404);
      const page = await request(testApp.app.getHttpServer()).get('/login').expect(200);
      expect(page.text).not.toContain('Xero sandbox');
    } finally {
      await testApp.close();
    }
  });
});
