import { createServer, Server, Socket } from 'node:net';
import request from 'supertest';
import { waitFor } from '../support/log-capture';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * A TCP hop between the app and PostgreSQL that can go dark: every connection dropped and new ones cut at
 * once, as the app sees a database restart or failover.
 */
async function databaseHop(target: URL) {
  let down = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (down) return client.destroy();
    const upstream = new Socket();
    upstream.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target.toString());
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as { port: number }).port);
  return {
    url: url.toString(),
    stop: () => {
      down = true;
      for (const s of sockets) s.destroy();
    },
    start: () => {
      down = false;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('when the database is away for a few seconds', () => {
  let t: TestApp;
  let database: TestDatabase;
  let hop: Awaited<ReturnType<typeof databaseHop>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    hop = await databaseHop(new URL(database.url));
    t = await startTestApp(
      { SYNC_POLLING_SECONDS: '0.5' },
      { database: { url: hop.url, drop: async () => undefined } },
    );
  });
  afterAll(async () => {
    await t.close();
    await hop.close();
    await database.drop();
  });

  it('answers ready 503 then 200, stays live throughout', async () => {
    const server = t.app.getHttpServer();
    await request(server).get('/health/ready').expect(200);

    hop.stop();
    const until = Date.now() + 3000;
    while (Date.now() < until) {
      const ready = await request(server).get('/health/ready');
      expect(ready.status).toBe(503);
      expect(JSON.stringify(ready.body)).toContain('database');
      await request(server).get('/health/live').expect(200);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    hop.start();
    await waitFor(async () => (await request(server).get('/health/ready')).status === 200, 20_000);
    await request(server).get('/health/live').expect(200);
  }, 60_000);
});
