import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Account } from '../../src/identity';
import { Learner } from '../../src/learners';
import { XeroTokensService } from '../../src/xero-auth';
import { csrfFrom, Visitor } from './browser-session';

export interface RunView {
  id: string;
  status: string;
  counts: Record<
    string,
    { created: number; updated: number; linked: number; unchanged: number; failed: number }
  >;
  apiCalls: number;
  attempts: number;
  error: string | null;
}

/** Presses Sync now on the Manage Xero page as the owner; returns the run's id. */
export async function pressSyncNow(owner: Visitor): Promise<string> {
  const manage = await owner.agent.get('/settings/integrations/xero').expect(200);
  const res = await owner.agent
    .post('/settings/integrations/xero/sync')
    .type('form')
    .send({ _csrf: csrfFrom(manage.text) })
    .expect(303);
  return /\/runs\/([0-9a-f-]+)$/.exec(res.headers.location as string)![1];
}

/** Reads the run's JSON until it is over (or `timeoutMs` passes). */
export async function waitForRun(owner: Visitor, runId: string, timeoutMs = 60_000): Promise<RunView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await owner.agent
      .get(`/settings/integrations/xero/runs/${runId}`)
      .set('Accept', 'application/json')
      .expect(200);
    const run = res.body as RunView;
    if (!['queued', 'running', 'paused'].includes(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface SandboxContactJson {
  ContactID: string;
  ContactNumber?: string;
  Name: string;
  EmailAddress?: string;
  ContactStatus: string;
  MergedToContactID?: string;
}

/** Every contact of the account's connected organisation, archived ones included, straight from the sandbox. */
export async function xeroContacts(app: INestApplication, apiUrl: string, accountId: string) {
  const access = await app.get(XeroTokensService).getAccess(accountId);
  const contacts: SandboxContactJson[] = [];
  for (let page = 1; ; page++) {
    const res = await request(apiUrl)
      .get('/api.xro/2.0/Contacts')
      .query({ includeArchived: 'true', page, pageSize: 1000 })
      .set('Authorization', `Bearer ${access.accessToken}`)
      .set('xero-tenant-id', access.tenantId)
      .set('Accept', 'application/json');
    if (res.status === 429) {
      await new Promise((resolve) => setTimeout(resolve, 1000 * Number(res.headers['retry-after'] ?? 1)));
      page--;
      continue;
    }
    const items = res.body.Contacts as SandboxContactJson[];
    contacts.push(...items);
    if (items.length < 1000) return contacts;
  }
}

/** `count` learners with sync on, in one flush. */
export async function createLearners(
  app: INestApplication,
  accountId: string,
  count: number,
  prefix: string,
): Promise<Learner[]> {
  const em = app.get(MikroORM).em.fork() as EntityManager;
  const account = em.getReference(Account, accountId);
  const learners = Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(5, '0');
    const learner = new Learner(account, `${prefix}-${n}`, 'Learner', `${prefix} ${n}`);
    learner.email = `${prefix.toLowerCase()}-${n}@example.test`;
    return learner;
  });
  await em.persistAndFlush(learners);
  return learners;
}

/** Values that appear more than once. */
export const duplicates = (values: string[]) => [
  ...new Set(values.filter((v, i) => values.indexOf(v) !== i)),
];
