import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { ContactPushLearner, LearnersService } from '../learners';
import { XeroAccountingGateway, XeroContact, XeroUnavailableError, XeroWriteResult } from '../xero';
import { ContactIndex } from './contact-index';
import { contactHash, disambiguatedName, learnerLabel } from './contact.mapper';
import {
  contactArchived,
  contactLinkedElsewhere,
  contactRefused,
  contactWarned,
  NAME_TAKEN,
  NUMBER_TAKEN,
} from './contact.messages';
import { ContactPlan, ContactWork, planContacts } from './contact.planner';
import { SyncLinkKind } from './sync-link.entity';
import { LinkWrite, SyncLinksService } from './sync-links.service';
import { BatchOutcome, RecordIssue } from './sync-run.recorder';
import { emptyCounts, StreamCounts } from './sync-run.entity';
import { SyncContext, Syncer } from './sync.context';
import { retryDelayMs, sleep } from './backoff';

/** Learners read from the LRM per page. */
const PAGE_SIZE = 500;
/** Xero's largest page. */
const XERO_PAGE_SIZE = 1000;
/** More unlinked learners than this in a page: read all of Xero's contacts once instead of looking up. */
const FULL_READ_AFTER = 50;
/** ContactNumber / Name conditions per lookup call, to keep the URL short. */
const LOOKUP_CLAUSES = 50;
/** Attempts at one batch write before the run gives up for now (the job is retried later). */
const WRITE_ATTEMPTS = 4;

type Sendable = Extract<ContactPlan, { op: 'create' | 'update' }>;

/** Learners → Xero contacts, in batches, matched before anything is created, never duplicated. */
@Injectable()
export class ContactsSyncer implements Syncer {
  readonly stream = 'contacts';

  constructor(
    private readonly learners: LearnersService,
    private readonly links: SyncLinksService,
    private readonly gateway: XeroAccountingGateway,
  ) {}

  async run(ctx: SyncContext): Promise<StreamCounts> {
    const totals = emptyCounts();
    const index = new ContactIndex();
    let afterId: string | undefined;
    for (;;) {
      const page = await this.learners.findForContactPush(ctx.accountId, afterId, PAGE_SIZE, ctx.recordIds);
      if (page.length === 0) break;
      afterId = page[page.length - 1].id;
      const work = await this.changed(ctx, page, totals);
      if (work.filter((w) => !w.link).length > FULL_READ_AFTER && !index.complete) {
        await this.readAll(ctx, index);
      }
      for (let i = 0; i < work.length; i += ctx.batchSize) {
        ctx.checkpoint();
        const counts = await this.syncBatch(ctx, index, work.slice(i, i + ctx.batchSize));
        for (const key of Object.keys(totals) as (keyof StreamCounts)[]) totals[key] += counts[key];
      }
      if (page.length < PAGE_SIZE) break;
    }
    return totals;
  }

  /** The page's learners whose content differs from what Xero was last sent (all of them in a re-sync). */
  private async changed(
    ctx: SyncContext,
    page: ContactPushLearner[],
    totals: StreamCounts,
  ): Promise<ContactWork[]> {
    const links = await this.links.byLocalIds(
      ctx.accountId,
      SyncLinkKind.Contact,
      page.map((l) => l.id),
    );
    const work: ContactWork[] = [];
    for (const learner of page) {
      const hash = contactHash(learner);
      const link = links.get(learner.id);
      if (link && link.contentHash === hash && !ctx.full) totals.unchanged++;
      else work.push({ learner, hash, link: link && { xeroId: link.xeroId, xeroName: link.xeroName } });
    }
    return work;
  }

  private async syncBatch(
    ctx: SyncContext,
    index: ContactIndex,
    batch: ContactWork[],
  ): Promise<StreamCounts> {
    const callsBefore = ctx.meter.calls;
    const outcome: BatchOutcome = {
      counts: emptyCounts(),
      apiCalls: 0,
      failures: [],
      warnings: [],
      succeeded: [],
    };
    const links: LinkWrite[] = [];
    let round = batch;
    // A second round for learners whose name or number Xero refused as taken, after looking them up.
    for (let attempt = 0; attempt < 2 && round.length > 0; attempt++) {
      const unlinked = round.filter((w) => !w.link);
      if (!index.complete && unlinked.length > 0)
        await this.lookUp(
          ctx,
          index,
          unlinked.map((w) => w.learner),
        );
      const holders = await this.links.holdersOf(
        ctx.accountId,
        SyncLinkKind.Contact,
        round.flatMap((w) => this.candidates(index, w)),
      );
      const plans = planContacts(round, index, holders);
      const again: ContactWork[] = [];
      for (const plan of plans) {
        if (plan.op !== 'fail') continue;
        outcome.failures.push(plan.issue);
        outcome.counts.failed++;
        if (plan.linkTo)
          links.push({ localId: plan.work.learner.id, xeroId: plan.linkTo, contentHash: null });
      }
      const sendable = plans.filter((p): p is Sendable => p.op !== 'fail');
      for (const op of ['create', 'update'] as const) {
        const group = sendable.filter((p) => p.op === op);
        if (group.length === 0) continue;
        const results = await this.write(ctx, index, group);
        group.forEach((plan, i) => {
          const retry = this.apply(plan, results[i], index, outcome, links, attempt === 0);
          if (retry) again.push(retry);
        });
      }
      round = again;
    }
    await this.guardUniqueness(ctx, batch, links, outcome);
    outcome.apiCalls = ctx.meter.calls - callsBefore;
    await ctx.commitBatch(this.stream, outcome, (em) =>
      this.links.save(em, ctx.accountId, SyncLinkKind.Contact, links),
    );
    return outcome.counts;
  }

  /** Xero ids a learner may end up linked to: its link, and the contacts matching its number. */
  private candidates(index: ContactIndex, work: ContactWork): string[] {
    const byNumber = index.withNumber(work.learner.studentNumber);
    return [work.link?.xeroId, byNumber?.contactId, byNumber?.mergedToContactId].filter(
      (id): id is string => !!id,
    );
  }

  /**
   * One batch write, healed after an unclear failure (timeout, reset, 5xx: Xero may have applied it): the
   * batch's ContactNumbers are looked up before anything is sent again, and found contacts count as written.
   */
  private async write(
    ctx: SyncContext,
    index: ContactIndex,
    group: Sendable[],
  ): Promise<XeroWriteResult<XeroContact>[]> {
    const results: (XeroWriteResult<XeroContact> | undefined)[] = group.map(() => undefined);
    let unclear = false;
    for (let attempt = 1; ; attempt++) {
      try {
        if (unclear && group[0].op === 'create') {
          const pending = group.filter((_, i) => !results[i]);
          const found = await this.findByNumbers(
            ctx,
            pending.map((p) => p.input.contactNumber!),
          );
          group.forEach((plan, i) => {
            const contact = found.get(plan.input.contactNumber!.toLowerCase());
            if (!results[i] && contact)
              results[i] = { index: i, status: 'OK', errors: [], warnings: [], record: contact };
          });
        }
        const pendingAt = group.map((_, i) => i).filter((i) => !results[i]);
        if (pendingAt.length === 0) break;
        const inputs = pendingAt.map((i) => group[i].input);
        const key = idempotencyKey(ctx.run.id, group[0].op, inputs);
        const answer = await ctx.xero((access) =>
          group[0].op === 'create'
            ? this.gateway.createContacts(access, inputs, key)
            : this.gateway.updateContacts(access, inputs, key),
        );
        pendingAt.forEach((at, j) => (results[at] = { ...answer[j], index: at }));
        break;
      } catch (error) {
        if (!(error instanceof XeroUnavailableError) || attempt >= WRITE_ATTEMPTS) throw error;
        unclear = true;
        await sleep(retryDelayMs(attempt));
      }
    }
    for (const result of results) if (result?.record) index.add(result.record);
    return results as XeroWriteResult<XeroContact>[];
  }

  /** Records one element's result. Returns the learner to send again when a second round can fix it. */
  private apply(
    plan: Sendable,
    result: XeroWriteResult<XeroContact>,
    index: ContactIndex,
    outcome: BatchOutcome,
    links: LinkWrite[],
    canRetry: boolean,
  ): ContactWork | undefined {
    const { learner } = plan.work;
    const label = learnerLabel(learner);
    const fail = (detail: Omit<RecordIssue, 'kind' | 'localId' | 'label'>) => {
      outcome.failures.push({ kind: 'contact', localId: learner.id, label, ...detail });
      outcome.counts.failed++;
    };
    const record = result.record;
    if (result.status === 'ERROR' || !record) {
      if (
        canRetry &&
        result.errors.some((m) => NAME_TAKEN.test(m)) &&
        plan.input.name !== disambiguatedName(learner)
      ) {
        return { ...plan.work, disambiguate: true };
      }
      if (canRetry && result.errors.some((m) => NUMBER_TAKEN.test(m))) {
        // The contact merged away in Xero keeps the number: update the one it was merged into without it.
        if (plan.op === 'update' && !plan.work.omitNumber) return { ...plan.work, omitNumber: true };
        // Taken by a contact we did not know of (an archived one, say): look it up and link it next round.
        if (plan.op === 'create') {
          index.complete = false;
          return plan.work;
        }
      }
      fail(contactRefused(label, result.errors));
      return undefined;
    }
    if (record.mergedToContactId) {
      // Merged in Xero: the learner follows the contact it was merged into, sent again next round.
      links.push({ localId: learner.id, xeroId: record.mergedToContactId, contentHash: null });
      return canRetry
        ? { ...plan.work, link: { xeroId: record.mergedToContactId }, omitNumber: true }
        : undefined;
    }
    if (record.status === 'ARCHIVED') {
      links.push({ localId: learner.id, xeroId: record.contactId, contentHash: null, xeroName: record.name });
      fail(contactArchived(label, record.contactId));
      return undefined;
    }
    links.push({
      localId: learner.id,
      xeroId: record.contactId,
      contentHash: plan.work.hash,
      xeroName: record.name,
    });
    if (plan.op === 'create') outcome.counts.created++;
    else if (plan.matched) outcome.counts.linked++;
    else outcome.counts.updated++;
    if (plan.warning) outcome.warnings.push(plan.warning);
    if (result.status === 'WARNING' && result.warnings.length > 0) {
      outcome.warnings.push({
        kind: 'contact',
        localId: learner.id,
        label,
        ...contactWarned(label, result.warnings),
      });
    }
    outcome.succeeded.push({ kind: 'contact', localId: learner.id, xeroId: record.contactId });
    return undefined;
  }

  /**
   * A Xero contact already standing for another learner is never linked a second time, and a learner written
   * twice in one batch (a merge followed) keeps its last link.
   */
  private async guardUniqueness(
    ctx: SyncContext,
    batch: ContactWork[],
    links: LinkWrite[],
    outcome: BatchOutcome,
  ): Promise<void> {
    const holders = await this.links.holdersOf(
      ctx.accountId,
      SyncLinkKind.Contact,
      links.map((l) => l.xeroId),
    );
    const byXeroId = new Map<string, string>();
    const written = new Set<string>();
    for (let i = links.length - 1; i >= 0; i--) {
      const link = links[i];
      if (written.has(link.localId)) {
        links.splice(i, 1);
        continue;
      }
      const holder = byXeroId.get(link.xeroId) ?? holders.get(link.xeroId);
      if (holder !== undefined && holder !== link.localId) {
        links.splice(i, 1);
        const learner = batch.find((w) => w.learner.id === link.localId)!.learner;
        outcome.succeeded = outcome.succeeded.filter((s) => s.localId !== link.localId);
        const label = learnerLabel(learner);
        outcome.failures.push({
          kind: 'contact',
          localId: link.localId,
          label,
          ...contactLinkedElsewhere(label, link.xeroId),
        });
        outcome.counts.failed++;
        continue;
      }
      written.add(link.localId);
      byXeroId.set(link.xeroId, link.localId);
    }
  }

  /** Every contact of the organisation, archived ones included, in pages of 1,000. */
  private async readAll(ctx: SyncContext, index: ContactIndex): Promise<void> {
    for (let page = 1; ; page++) {
      const result = await ctx.xero((access) =>
        this.gateway.listContacts(access, { page, pageSize: XERO_PAGE_SIZE, includeArchived: true }),
      );
      for (const contact of result.items) index.add(contact);
      if (result.items.length < XERO_PAGE_SIZE) break;
    }
    index.complete = true;
  }

  /** The contacts holding these learners' numbers or names (a handful: `where` lookups, not a full read). */
  private async lookUp(ctx: SyncContext, index: ContactIndex, learners: ContactPushLearner[]): Promise<void> {
    const clauses = learners.flatMap((l) => [
      condition('ContactNumber', l.studentNumber),
      condition('Name', `${l.firstName.trim()} ${l.lastName.trim()}`),
    ]);
    const found = await this.where(
      ctx,
      clauses.filter((c): c is string => !!c),
    );
    for (const contact of found) index.add(contact);
    const missing = found
      .map((c) => c.mergedToContactId)
      .filter((id): id is string => !!id && !index.get(id));
    if (missing.length > 0) {
      const targets = await ctx.xero((access) =>
        this.gateway.listContacts(access, {
          ids: [...new Set(missing)],
          includeArchived: true,
          pageSize: XERO_PAGE_SIZE,
        }),
      );
      for (const contact of targets.items) index.add(contact);
    }
  }

  private async findByNumbers(ctx: SyncContext, numbers: string[]): Promise<Map<string, XeroContact>> {
    const found = await this.where(
      ctx,
      numbers.map((n) => condition('ContactNumber', n)).filter((c): c is string => !!c),
    );
    return new Map(found.filter((c) => c.contactNumber).map((c) => [c.contactNumber!.toLowerCase(), c]));
  }

  private async where(ctx: SyncContext, clauses: string[]): Promise<XeroContact[]> {
    const found: XeroContact[] = [];
    for (let i = 0; i < clauses.length; i += LOOKUP_CLAUSES) {
      const where = clauses.slice(i, i + LOOKUP_CLAUSES).join(' OR ');
      const result = await ctx.xero((access) =>
        this.gateway.listContacts(access, { where, includeArchived: true, pageSize: XERO_PAGE_SIZE }),
      );
      found.push(...result.items);
    }
    return found;
  }
}

/** A case-insensitive `where` condition; values Xero's filter syntax cannot quote are left out. */
function condition(field: string, value: string): string | undefined {
  const text = value.trim().toLowerCase();
  if (!text || /["\\]/.test(text)) return undefined;
  return `${field}.ToLower()=="${text}"`;
}

/** The same batch content in the same run always carries the same key, so a resend replays at Xero. */
function idempotencyKey(runId: string, op: string, inputs: unknown[]): string {
  return createHash('sha256')
    .update(JSON.stringify([runId, op, inputs]))
    .digest('hex');
}
