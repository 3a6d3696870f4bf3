import { Client } from 'pg';
import request from 'supertest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';

describe('instances booting together', () => {
  let database: TestDatabase;
  const apps: TestApp[] = [];

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await database?.drop();
  });

  it('both start on an empty database, and every migration is applied once', async () => {
    database = await createTestDatabase({ empty: true });
    apps.push(...(await Promise.all([startTestApp({}, { database }), startTestApp({}, { database })])));

    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; times: number }>(
        'select name, count(*)::int as times from mikro_orm_migrations group by name',
      );
      const files = readdirSync(join(__dirname, '../../migrations')).filter((f) =>
        /^Migration\d+\.ts$/.test(f),
      );
      expect(rows).toHaveLength(files.length);
      expect(rows.every((row) => row.times === 1)).toBe(true);
    } finally {
      await client.end();
    }
    for (const app of apps) {
      const { status } = await request(app.app.getHttpServer()).get('/health/ready');
      expect(status).toBe(200);
    }
  });
});
