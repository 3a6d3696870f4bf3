import { AuthenticatedUser, formatDateTime, Role } from '../common';
import { Learner } from './learner.entity';
import { LEARNER_SORTS, LearnerPage, LearnerQuery, LearnerSort } from './learners.service';

export const canWrite = (user: AuthenticatedUser) => user.role !== Role.Trainer;

const text = (value: unknown) => (typeof value === 'string' ? value : '');

export function parseLearnerQuery(raw: Record<string, unknown>): LearnerQuery {
  const sort = text(raw.sort) in LEARNER_SORTS ? (text(raw.sort) as LearnerSort) : 'name';
  const page = Number.parseInt(text(raw.page), 10);
  return {
    q: text(raw.q).trim().slice(0, 200) || undefined,
    page: Number.isFinite(page) && page > 0 ? page : 1,
    sort,
    desc: raw.dir === 'desc',
  };
}

export function learnerListUrl(query: LearnerQuery, changes: Partial<LearnerQuery> = {}): string {
  const next = { ...query, ...changes };
  const params = new URLSearchParams();
  if (next.q) params.set('q', next.q);
  if (next.sort !== 'name') params.set('sort', next.sort);
  if (next.desc) params.set('dir', 'desc');
  if (next.page > 1) params.set('page', String(next.page));
  const search = params.toString();
  return search ? `/learners?${search}` : '/learners';
}

const SORT_LABELS: Record<LearnerSort, string> = {
  number: 'Student number',
  name: 'Name',
  email: 'Email',
  created: 'Added',
};

export function learnerListView(result: LearnerPage, query: LearnerQuery) {
  const current = { ...query, page: result.page };
  return {
    q: query.q ?? '',
    total: result.total,
    page: result.page,
    pages: result.pages,
    returnTo: learnerListUrl(current),
    prevUrl: result.page > 1 ? learnerListUrl(current, { page: result.page - 1 }) : undefined,
    nextUrl: result.page < result.pages ? learnerListUrl(current, { page: result.page + 1 }) : undefined,
    columns: (Object.keys(SORT_LABELS) as LearnerSort[]).map((sort) => ({
      label: SORT_LABELS[sort],
      url: learnerListUrl(current, { sort, desc: sort === query.sort && !query.desc, page: 1 }),
      sorted: sort === query.sort ? (query.desc ? 'descending' : 'ascending') : undefined,
    })),
    learners: result.learners.map((l) => ({
      id: l.id,
      studentNumber: l.studentNumber,
      name: l.fullName,
      preferredName: l.preferredName,
      email: l.email,
      syncToXero: l.syncToXero,
      archived: l.archived,
      added: l.createdAt.toISOString().slice(0, 10),
    })),
  };
}

export function learnerDetails(learner: Learner, timeZone: string) {
  return {
    id: learner.id,
    studentNumber: learner.studentNumber,
    name: learner.fullName,
    preferredName: learner.preferredName,
    email: learner.email,
    phone: learner.phone,
    dateOfBirth: learner.dateOfBirth,
    address: [learner.street, learner.suburb, [learner.state, learner.postcode].filter(Boolean).join(' ')]
      .concat(learner.country ?? [])
      .filter(Boolean)
      .join(', '),
    syncToXero: learner.syncToXero,
    archived: learner.archived,
    createdAt: formatDateTime(learner.createdAt, timeZone),
    updatedAt: formatDateTime(learner.updatedAt, timeZone),
  };
}

const FIELDS = [
  'studentNumber',
  'firstName',
  'lastName',
  'preferredName',
  'email',
  'phone',
  'dateOfBirth',
  'street',
  'suburb',
  'state',
  'postcode',
  'country',
] as const;

/** The form's values: from a saved learner, or exactly as the user typed them (so nothing is lost). */
export function learnerFormValues(source: Learner | Record<string, unknown>) {
  const values: Record<string, unknown> = {};
  if (source instanceof Learner) {
    for (const field of FIELDS) values[field] = source[field] ?? '';
    return { ...values, syncToXero: source.syncToXero, archived: source.archived, version: source.version };
  }
  for (const field of FIELDS) values[field] = text(source[field]);
  return {
    ...values,
    syncToXero: source.syncToXero === 'on',
    archived: source.archived === 'on',
    version: text(source.version),
  };
}
