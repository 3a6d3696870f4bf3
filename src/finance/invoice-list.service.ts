import { EntityManager, raw } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { learnerSearchPattern, learnerSearchSql, likePattern } from '../learners';
import { Invoice, InvoiceStatus } from './invoice.entity';

export const INVOICE_PAGE_SIZE = 25;

export interface InvoiceFilter {
  status?: InvoiceStatus;
  /** Learner name or student number, as typed. */
  learner?: string;
  learnerId?: string;
  from?: string;
  to?: string;
  page: number;
}

export interface InvoiceTotalsRow {
  count: number;
  totalCents: number;
  paidCents: number;
  dueCents: number;
}

export interface InvoicePage {
  invoices: Invoice[];
  totals: InvoiceTotalsRow;
  page: number;
  pages: number;
}

/** The invoices list: filters, paging and the totals of the whole filtered set (not only the page). */
@Injectable()
export class InvoiceListService {
  constructor(private readonly em: EntityManager) {}

  async list(accountId: string, filter: InvoiceFilter): Promise<InvoicePage> {
    const qb = this.em.createQueryBuilder(Invoice, 'i').where({ account: accountId });
    if (filter.status) qb.andWhere({ status: filter.status });
    if (filter.learnerId) qb.andWhere({ learner: filter.learnerId });
    if (filter.from) qb.andWhere({ issueDate: { $gte: filter.from } });
    if (filter.to) qb.andWhere({ issueDate: { $lte: filter.to } });
    if (filter.learner) {
      const pattern = likePattern(filter.learner);
      const learnerPattern = learnerSearchPattern(filter.learner);
      // A sub-select, so the learners' trigram index finds the learners and no join slows the other filters.
      qb.andWhere(
        `(i.learner_id in (select s.id from learner s where s.account_id = ? and ${learnerSearchSql('s')}) or i.number ilike ?)`,
        [accountId, learnerPattern, pattern],
      );
    }
    // Sums come back from PostgreSQL as text (bigint); cents fit a JS integer exactly up to 2^53.
    const [sums] = await qb
      .clone()
      .select([
        raw('count(*) as count'),
        raw(`coalesce(sum(case when i.status <> 'voided' then i.total_cents else 0 end), 0) as total`),
        raw('coalesce(sum(i.amount_paid_cents), 0) as paid'),
        raw('coalesce(sum(i.amount_due_cents), 0) as due'),
      ])
      .execute<{ count: string; total: string; paid: string; due: string }[]>('all', false);
    const totals: InvoiceTotalsRow = {
      count: Number(sums.count),
      totalCents: Number(sums.total),
      paidCents: Number(sums.paid),
      dueCents: Number(sums.due),
    };
    const pages = Math.max(1, Math.ceil(totals.count / INVOICE_PAGE_SIZE));
    const page = Math.min(Math.max(1, filter.page), pages);
    const invoices = await qb
      .select('i.*')
      .orderBy({ 'i.issueDate': 'desc', 'i.number': 'desc' })
      .limit(INVOICE_PAGE_SIZE)
      .offset((page - 1) * INVOICE_PAGE_SIZE)
      .getResultList();
    await this.em.populate(invoices, ['learner']);
    return { invoices, totals, page, pages };
  }
}
