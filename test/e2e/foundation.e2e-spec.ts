import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';

describe('the running application', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports itself alive and ready when the database answers and the schema is current', async () => {
    await request(t.app.getHttpServer()).get('/health/live').expect(200, { status: 'ok' });
    const ready = await request(t.app.getHttpServer()).get('/health/ready').expect(200);
    expect(ready.body.details).toMatchObject({ database: { status: 'up' }, migrations: { status: 'up' } });
  });

  it('answers an unknown page with the 404 page and an unknown API path with JSON', async () => {
    const page = await request(t.app.getHttpServer()).get('/no-such-page').expect(404);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('Page not found');

    const api = await request(t.app.getHttpServer()).get('/api/no-such-thing').expect(404);
    expect(api.body).toMatchObject({ statusCode: 404, error: 'Page not found' });
  });

  it('tags every response with a request id, and keeps a well-formed one given by a proxy', async () => {
    const fresh = await request(t.app.getHttpServer()).get('/health/live');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const given = await request(t.app.getHttpServer())
      .get('/health/live')
      .set('X-Request-Id', 'abc-12345678');
    expect(given.headers['x-request-id']).toBe('abc-12345678');
  });

  it('serves its own stylesheet', async () => {
    const css = await request(t.app.getHttpServer()).get('/assets/css/app.css').expect(200);
    expect(css.headers['content-type']).toMatch(/text\/css/);
  });
});
