import { EntityManager, MikroORM, RequestContext } from '@mikro-orm/postgresql';
import { INestApplication } from '@nestjs/common';
import { Invoice, InvoicesService, InvoiceStatus, TaxType } from '../../src/finance';
import { Account } from '../../src/identity';
import { Learner } from '../../src/learners';

/** Runs work the way a request does: in its own unit of work. */
export function inContext<T>(app: INestApplication, work: (em: EntityManager) => Promise<T>): Promise<T> {
  const orm = app.get(MikroORM);
  return RequestContext.create(orm.em, () => work(RequestContext.getEntityManager() as EntityManager));
}

let sequence = 0;

export async function createLearner(
  app: INestApplication,
  account: Account,
  values: Partial<
    Pick<Learner, 'firstName' | 'lastName' | 'email' | 'studentNumber' | 'syncToXero' | 'archived'>
  > = {},
): Promise<Learner> {
  const em = app.get(MikroORM).em.fork() as EntityManager;
  sequence += 1;
  const learner = new Learner(
    em.getReference(Account, account.id),
    values.studentNumber ?? `T-${process.pid}-${sequence}`,
    values.firstName ?? 'Test',
    values.lastName ?? `Learner${sequence}`,
  );
  learner.email = values.email === undefined ? `learner${sequence}@example.test` : values.email;
  if (values.syncToXero !== undefined) learner.syncToXero = values.syncToXero;
  if (values.archived !== undefined) learner.archived = values.archived;
  await em.persistAndFlush(learner);
  return learner;
}

export interface LineSpec {
  description?: string;
  quantity: number;
  unitAmountCents: number;
  taxType?: TaxType | null;
}

/** An invoice made through the service, so numbers, totals and status are computed as in the app. */
export function createInvoice(
  app: INestApplication,
  accountId: string,
  learnerId: string,
  lines: LineSpec[] = [{ quantity: 10_000, unitAmountCents: 10_000 }],
  status: InvoiceStatus.Draft | InvoiceStatus.AwaitingPayment = InvoiceStatus.AwaitingPayment,
): Promise<Invoice> {
  return inContext(app, () =>
    app.get(InvoicesService).create(accountId, {
      learnerId,
      issueDate: '2026-11-01',
      dueDate: '2026-11-30',
      reference: null,
      status,
      lines: lines.map((line) => ({
        description: line.description ?? 'Course fee',
        quantity: line.quantity,
        unitAmountCents: line.unitAmountCents,
        accountCode: null,
        taxType: line.taxType ?? null,
      })),
    }),
  );
}

export function reloadInvoice(app: INestApplication, id: string): Promise<Invoice> {
  return (app.get(MikroORM).em.fork() as EntityManager).findOneOrFail(Invoice, id, {
    populate: ['lines', 'payments'],
  });
}

export function reloadLearner(app: INestApplication, id: string): Promise<Learner> {
  return (app.get(MikroORM).em.fork() as EntityManager).findOneOrFail(Learner, id);
}
