import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config';
import { Account, DemoAccountsSeeder } from '../identity';
import { Learner } from '../learners';
import { COURSE_ITEMS, FIRST_NAMES, LAST_NAMES, PLACES, seededRandom, STREETS } from './demo-records.data';
import { InvoiceLine } from './invoice-line.entity';
import { Invoice, InvoiceStatus } from './invoice.entity';
import { invoiceTotals, lineAmounts, parseCents, QUANTITY_SCALE, TaxType } from './money';
import { Payment } from './payment.entity';

const LEARNERS = 60;
const INVOICES = 80;
const DAY = 86_400_000;
const NICKNAMES: Record<string, string> = {
  William: 'Will',
  Thomas: 'Tom',
  Charlotte: 'Lottie',
  Matilda: 'Tilly',
  Harrison: 'Harry',
  Lachlan: 'Lachie',
  James: 'Jim',
  Oliver: 'Ollie',
};

const isoDate = (time: number) => new Date(time).toISOString().slice(0, 10);

/**
 * Demo learners and invoices for the demo account, when demo data is on and the account has no learner yet:
 * 60 learners (two share a full name, one has no email) and 80 invoices in every status, some part-paid.
 */
@Injectable()
export class DemoRecordsSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoData');

  constructor(
    private readonly config: AppConfig,
    private readonly orm: MikroORM,
    private readonly demoAccounts: DemoAccountsSeeder,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemo) return;
    const account = await this.demoAccounts.seed();
    const em = this.orm.em.fork() as EntityManager;
    if (await em.count(Learner, { account: account.id })) return;
    await this.seedRecords(em, account.id, new Date());
    this.logger.log(`Demo records: ${LEARNERS} learners and ${INVOICES} invoices`);
  }

  async seedRecords(em: EntityManager, accountId: string, today: Date): Promise<void> {
    const random = seededRandom(20261126);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    await em.transactional(async (tx) => {
      const account = await tx.findOneOrFail(Account, accountId);
      const learners = Array.from({ length: LEARNERS }, (_, i) =>
        this.learner(account, i, today, pick, random),
      );
      tx.persist(learners);
      for (let i = 0; i < INVOICES; i++) {
        tx.persist(this.invoice(account, learners[(i * 7) % LEARNERS], i, today, pick, random));
      }
      await tx.flush();
      await tx.execute(
        `insert into learner_counter (account_id, next_value) values (?, ?)
         on conflict (account_id) do update set next_value = greatest(learner_counter.next_value, excluded.next_value)`,
        [accountId, LEARNERS + 1],
      );
      await tx.execute(
        `insert into invoice_counter (account_id, prefix, next_value) values (?, 'LRM-', ?)
         on conflict (account_id) do update set next_value = greatest(invoice_counter.next_value, excluded.next_value)`,
        [accountId, INVOICES + 1],
      );
    });
  }

  private learner(
    account: Account,
    i: number,
    today: Date,
    pick: <T>(l: readonly T[]) => T,
    random: () => number,
  ) {
    // Learners 12 and 47 share a full name, as real cohorts do; the sync must keep their contacts apart.
    const [first, last] =
      i === 47
        ? ['Jack', 'Nguyen']
        : i === 12
          ? ['Jack', 'Nguyen']
          : [FIRST_NAMES[(i * 7) % 40], LAST_NAMES[(i * 11) % 30]];
    const learner = new Learner(account, `STU-${String(i + 1).padStart(6, '0')}`, first, last);
    const place = pick(PLACES);
    // One learner has no email: Xero accepts the contact, but the sync's pre-flight checks flag it.
    learner.email =
      i === 33 ? null : `${first}.${last}${i}`.toLowerCase().replace(/[^a-z0-9.]/g, '') + '@example.com.au';
    learner.phone = `04${String(Math.floor(random() * 1e8)).padStart(8, '0')}`.replace(
      /^(\d{4})(\d{3})(\d{3})$/,
      '$1 $2 $3',
    );
    learner.preferredName = i % 2 === 0 ? (NICKNAMES[first] ?? null) : null;
    learner.dateOfBirth = isoDate(
      Date.UTC(1965 + Math.floor(random() * 40), Math.floor(random() * 12), 1 + Math.floor(random() * 28)),
    );
    learner.street = `${1 + Math.floor(random() * 200)} ${pick(STREETS)}`;
    learner.suburb = place.suburb;
    learner.state = place.state;
    learner.postcode = place.postcode;
    learner.country = 'Australia';
    learner.syncToXero = i % 10 !== 9;
    learner.createdAt = new Date(today.getTime() - (200 - i) * DAY);
    return learner;
  }

  private invoice(
    account: Account,
    learner: Learner,
    i: number,
    today: Date,
    pick: <T>(l: readonly T[]) => T,
    random: () => number,
  ): Invoice {
    const issued = today.getTime() - (180 - i * 2) * DAY;
    // Every status: drafts, voided, paid, part-paid and unpaid invoices awaiting payment.
    const kind = ['draft', 'voided', 'paid', 'paid', 'part', 'unpaid', 'paid', 'part'][i % 8];
    const status = kind === 'draft' ? InvoiceStatus.Draft : InvoiceStatus.AwaitingPayment;
    const invoice = new Invoice(
      account,
      learner,
      `LRM-${String(i + 1).padStart(6, '0')}`,
      {
        issueDate: isoDate(issued),
        dueDate: isoDate(issued + 30 * DAY),
      },
      status,
    );
    invoice.reference = i % 3 === 0 ? `Enrolment ${2026}-${100 + i}` : null;
    const lineCount = 1 + Math.floor(random() * 3);
    for (let position = 0; position < lineCount; position++) {
      const item = pick(COURSE_ITEMS);
      const line = {
        quantity: (1 + Math.floor(random() * 3)) * QUANTITY_SCALE,
        unitAmountCents: parseCents(item.unitAmount)!,
        taxType: item.taxType as TaxType,
      };
      invoice.lines.add(
        new InvoiceLine(invoice, {
          position,
          description: item.description,
          accountCode: '200',
          ...line,
          ...lineAmounts(line),
        }),
      );
    }
    Object.assign(invoice, invoiceTotals(invoice.lines.getItems()));
    let paid = 0;
    if (kind === 'paid' || kind === 'part') {
      const amount = kind === 'paid' ? invoice.totalCents : Math.floor(invoice.totalCents / 3);
      const payment = new Payment(account, invoice, amount, isoDate(issued + 10 * DAY));
      payment.reference = `Bank transfer ${i}`;
      invoice.payments.add(payment);
      paid = amount;
    }
    if (kind === 'voided') invoice.status = InvoiceStatus.Voided;
    invoice.settle(paid);
    return invoice;
  }
}
