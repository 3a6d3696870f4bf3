import {
  EntityManager,
  OptimisticLockError,
  UniqueConstraintViolationException,
} from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { NotFoundError } from '../common';
import { Account } from '../identity';
import { EditLearnerFormDto, LearnerFormDto } from './dto/learner-form.dto';
import { LearnerChanged } from './learner.events';
import { Learner } from './learner.entity';
import { LearnerChangedError, StudentNumberTakenError } from './learners.errors';

export const LEARNER_PAGE_SIZE = 25;

export const LEARNER_SORTS = {
  name: ['last_name', 'first_name'],
  number: ['student_number'],
  email: ['email'],
  created: ['created_at'],
} as const;
export type LearnerSort = keyof typeof LEARNER_SORTS;

export interface LearnerQuery {
  q?: string;
  page: number;
  sort: LearnerSort;
  desc: boolean;
}

export interface LearnerPage {
  learners: Learner[];
  total: number;
  page: number;
  pages: number;
}

/**
 * The search condition: the learner's generated, lower-cased `search_text` (names, preferred name, email,
 * student number) contains the typed text. Served by the learner_search_trgm index. `alias` names the table.
 */
export const learnerSearchSql = (alias: string) => `${alias}.search_text like ?`;

/** The LIKE parameter for learnerSearchSql. */
export const learnerSearchPattern = (text: string) => likePattern(text.trim().toLowerCase());

/** `%` and `_` typed by a user are literal characters, not wildcards. */
export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** What the sync needs of a learner to push it to Xero as a contact. */
export interface ContactPushLearner {
  id: string;
  studentNumber: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  street: string | null;
  suburb: string | null;
  state: string | null;
  postcode: string | null;
  country: string | null;
}

const CONTACT_PUSH_FIELDS = [
  'id',
  'studentNumber',
  'firstName',
  'lastName',
  'email',
  'phone',
  'street',
  'suburb',
  'state',
  'postcode',
  'country',
] as const;

/** Learners of one account. Every method takes the caller's account id; another account's learner is "not found". */
@Injectable()
export class LearnersService {
  constructor(
    private readonly em: EntityManager,
    private readonly events: EventEmitter2,
  ) {}

  async list(accountId: string, query: LearnerQuery): Promise<LearnerPage> {
    const qb = this.em.createQueryBuilder(Learner, 'l').where({ account: accountId });
    const q = query.q?.trim();
    if (q) {
      qb.andWhere(learnerSearchSql('l'), [learnerSearchPattern(q)]);
    }
    const total = await qb.clone().getCount();
    const pages = Math.max(1, Math.ceil(total / LEARNER_PAGE_SIZE));
    const page = Math.min(Math.max(1, query.page), pages);
    const direction = query.desc ? 'desc' : 'asc';
    const orderBy = [...LEARNER_SORTS[query.sort], 'id'].map((column) => ({
      [`l.${column}`]: direction,
    }));
    const learners = await qb
      .orderBy(orderBy)
      .limit(LEARNER_PAGE_SIZE)
      .offset((page - 1) * LEARNER_PAGE_SIZE)
      .getResultList();
    return { learners, total, page, pages };
  }

  async get(accountId: string, id: string): Promise<Learner> {
    const learner = await this.em.findOne(Learner, { id, account: accountId });
    if (!learner) throw new NotFoundError('No such learner in this account.');
    return learner;
  }

  async create(accountId: string, input: LearnerFormDto): Promise<Learner> {
    const learner = await this.em
      .transactional(async (em) => {
        const account = await em.findOneOrFail(Account, accountId);
        const studentNumber = input.studentNumber ?? (await this.nextStudentNumber(em, accountId));
        if (input.studentNumber) await this.assertNumberFree(em, accountId, studentNumber);
        const created = new Learner(account, studentNumber, input.firstName, input.lastName);
        this.apply(created, input);
        em.persist(created);
        return created;
      })
      .catch((error: unknown) => {
        // Another save took the same student number between our check and this insert.
        if (error instanceof UniqueConstraintViolationException && input.studentNumber) {
          throw new StudentNumberTakenError(input.studentNumber);
        }
        throw error;
      });
    this.events.emit(LearnerChanged.event, new LearnerChanged(accountId, learner.id, 'created'));
    return learner;
  }

  async update(accountId: string, id: string, input: EditLearnerFormDto): Promise<Learner> {
    const learner = await this.get(accountId, id);
    if (learner.version !== input.version) throw new LearnerChangedError();
    const studentNumber = input.studentNumber ?? learner.studentNumber;
    if (studentNumber !== learner.studentNumber)
      await this.assertNumberFree(this.em, accountId, studentNumber);
    learner.studentNumber = studentNumber;
    learner.firstName = input.firstName;
    learner.lastName = input.lastName;
    this.apply(learner, input);
    try {
      // The version column makes this UPDATE ... WHERE version = ?, so a save racing ours fails here.
      await this.em.flush();
    } catch (error) {
      if (error instanceof OptimisticLockError) {
        // The entity holds this user's rejected values; the conflict page shows what is really saved.
        await this.em.refresh(learner);
        throw new LearnerChangedError();
      }
      // Another save took the same student number between our check and this write.
      if (error instanceof UniqueConstraintViolationException)
        throw new StudentNumberTakenError(studentNumber);
      throw error;
    }
    this.events.emit(LearnerChanged.event, new LearnerChanged(accountId, learner.id, 'updated'));
    return learner;
  }

  /** The bulk "Sync to Xero" switch; ids of other accounts are ignored. Returns the learners changed. */
  async setSyncToXero(accountId: string, ids: string[], syncToXero: boolean): Promise<number> {
    const learners = await this.em.find(Learner, { id: ids, account: accountId, syncToXero: !syncToXero });
    for (const learner of learners) learner.syncToXero = syncToXero;
    await this.em.flush();
    for (const learner of learners) {
      this.events.emit(LearnerChanged.event, new LearnerChanged(accountId, learner.id, 'updated'));
    }
    return learners.length;
  }

  /** Active learners for a picker, by name. */
  /** Active learners to choose from, plus `keepId` (an invoice's own learner) even when archived. */
  choices(accountId: string, keepId?: string): Promise<Learner[]> {
    return this.em.find(
      Learner,
      {
        account: accountId,
        ...(keepId ? { $or: [{ archived: false }, { id: keepId }] } : { archived: false }),
      },
      { orderBy: { lastName: 'asc', firstName: 'asc', studentNumber: 'asc' } },
    );
  }

  /**
   * Learners that belong in Xero (sync on, not archived), in id order after `afterId`: keyset pages for the
   * contacts stream. `ids` narrows to given learners (a one-record sync).
   */
  async findForContactPush(
    accountId: string,
    afterId: string | undefined,
    limit: number,
    ids?: string[],
  ): Promise<ContactPushLearner[]> {
    const learners = await this.em.find(
      Learner,
      {
        account: accountId,
        syncToXero: true,
        archived: false,
        ...(afterId ? { id: { $gt: afterId } } : {}),
        ...(ids ? { id: { $in: ids, ...(afterId ? { $gt: afterId } : {}) } } : {}),
      },
      { fields: [...CONTACT_PUSH_FIELDS], orderBy: { id: 'asc' }, limit, disableIdentityMap: true },
    );
    return learners.map((l) => ({
      id: l.id,
      studentNumber: l.studentNumber,
      firstName: l.firstName,
      lastName: l.lastName,
      email: l.email ?? null,
      phone: l.phone ?? null,
      street: l.street ?? null,
      suburb: l.suburb ?? null,
      state: l.state ?? null,
      postcode: l.postcode ?? null,
      country: l.country ?? null,
    }));
  }

  countFor(accountId: string): Promise<number> {
    return this.em.count(Learner, { account: accountId });
  }

  private apply(learner: Learner, input: LearnerFormDto): void {
    learner.preferredName = input.preferredName ?? null;
    learner.email = input.email ?? null;
    learner.phone = input.phone ?? null;
    learner.dateOfBirth = input.dateOfBirth ?? null;
    learner.street = input.street ?? null;
    learner.suburb = input.suburb ?? null;
    learner.state = input.state ?? null;
    learner.postcode = input.postcode ?? null;
    learner.country = input.country ?? null;
    learner.syncToXero = input.syncToXero;
    learner.archived = input.archived;
  }

  private async assertNumberFree(em: EntityManager, accountId: string, studentNumber: string): Promise<void> {
    if (await em.count(Learner, { account: accountId, studentNumber })) {
      throw new StudentNumberTakenError(studentNumber);
    }
  }

  /**
   * STU-000123 from the account's counter (an atomic upsert, safe under concurrency); numbers someone typed in
   * by hand are skipped.
   */
  private async nextStudentNumber(em: EntityManager, accountId: string): Promise<string> {
    for (;;) {
      const [row] = await em.execute<{ value: number }[]>(
        `insert into learner_counter (account_id, next_value) values (?, 2)
         on conflict (account_id) do update set next_value = learner_counter.next_value + 1
         returning next_value - 1 as value`,
        [accountId],
      );
      const candidate = `STU-${String(row.value).padStart(6, '0')}`;
      if (!(await em.count(Learner, { account: accountId, studentNumber: candidate }))) return candidate;
    }
  }
}
