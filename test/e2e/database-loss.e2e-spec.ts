import { Client } from 'pg';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createAccountWithUsers, TEST_PASSWORD } from '../factories/identity.factory';
import { csrfFrom, sessionCookie } from '../support/browser-session';
import { captureLogs, waitFor } from '../support/log-capture';
import { startTestApp, TestApp } from '../support/test-app';

describe('when PostgreSQL drops the connections', () => {
  const logs = captureLogs();
  let t: TestApp;
  let finance: { agent: TestAgent; cookie: string };
  let admin: Client;

  beforeAll(async () => {
    // Over a real port: requests in parallel, as browsers send them.
    t = await startTestApp({ LOG_LEVEL: 'info' }, { listen: true, logDestination: logs.destination });
    await createAccountWithUsers(t.app, 'dbloss');
    const agent = request.agent(t.url!);
    const token = csrfFrom((await agent.get('/login')).text);
    const signedIn = await agent
      .post('/login')
      .type('form')
      .send({ email: 'finance@dbloss.test', password: TEST_PASSWORD, _csrf: token })
      .expect(303);
    finance = { agent, cookie: sessionCookie(signedIn)! };
    admin = new Client({ connectionString: t.database.url });
    await admin.connect();
  });

  afterAll(async () => {
    await admin.end();
    await t.close();
  });

  const waitingOnLocks = async () =>
    (
      await admin.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`,
      )
    ).rows[0].n;

  it('keeps running: requests in flight get 503, the next ones 200 with the session intact', async () => {
    // Hold the learners list mid-query, then cut every connection of the app, idle and busy alike.
    // A connection of its own: pg_stat_activity is read once per transaction, and the lock's is long.
    const locker = new Client({ connectionString: t.database.url });
    await locker.connect();
    const lockerPid = (await locker.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
    await locker.query('begin');
    let terminated;
    let inFlight;
    try {
      await locker.query('lock table learner in access exclusive mode');
      inFlight = [1, 2, 3].map(() =>
        request(t.url!)
          .get('/learners')
          .set('Cookie', finance.cookie)
          .then((res) => res),
      );
      await waitFor(async () => (await waitingOnLocks()) >= 3);
      terminated = await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
          where datname = current_database() and pid not in (pg_backend_pid(), $1)`,
        [lockerPid],
      );
    } finally {
      await locker.query('rollback');
      await locker.end();
    }
    // The session store's idle connections were among them: unheard, their errors would end the process.
    expect(terminated.rowCount).toBeGreaterThan(3);

    const answers = await Promise.all(inFlight);
    expect(answers.map((res) => res.status)).toEqual([503, 503, 503]);
    expect(answers[0].text).toContain('The LRM cannot reach its database just now');

    for (let i = 0; i < 3; i++) {
      const next = await finance.agent.get('/learners');
      expect(next.status).toBe(200);
      expect(next.text).toContain('Sign out');
    }
    const api = await finance.agent.get('/health/ready');
    expect(api.status).toBe(200);
    expect(logs.warnings(/cannot be reached/).length).toBeGreaterThanOrEqual(1);
    // One warning for the outage, never a stack per failed request.
    expect(logs.errors()).toEqual([]);
  });

  it('logs a failed statement with its message and shape, without any of its values', async () => {
    await admin.query(`alter table learner add constraint refuse_zaphod check (first_name <> 'Zaphod')`);
    try {
      const token = csrfFrom((await finance.agent.get('/learners/new')).text);
      const res = await finance.agent.post('/learners').type('form').send({
        firstName: 'Zaphod',
        lastName: 'Beeblebrox',
        email: 'zaphod.secretmail@example.com.au',
        phone: '0499 111 222',
        dateOfBirth: '1987-06-05',
        street: '42 Heartofgold Street',
        suburb: 'Parramatta',
        state: 'NSW',
        postcode: '2150',
        country: 'Australia',
        _csrf: token,
      });
      expect(res.status).toBe(500);
    } finally {
      await admin.query('alter table learner drop constraint refuse_zaphod');
    }
    const failure = logs.errors().map((entry) => JSON.stringify(entry));
    expect(failure).toHaveLength(1);
    expect(failure[0]).toContain('refuse_zaphod');
    expect(failure[0]).toMatch(/insert into \\"learner\\"/);
    for (const value of [
      'Zaphod',
      'Beeblebrox',
      'zaphod.secretmail',
      '0499 111 222',
      '1987-06-05',
      'Heartofgold',
    ]) {
      expect(logs.lines.join('\n')).not.toContain(value);
    }
  });
});
