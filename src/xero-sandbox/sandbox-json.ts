import { randomUUID } from 'node:crypto';
import { badRequest } from './sandbox.errors';

/** Xero's JSON dates: `/Date(1731024000000+0000)/`. */
export const msDate = (ms: number) => `/Date(${ms}+0000)/`;

/** A date-only value (YYYY-MM-DD) as Xero sends it: midnight of that day. */
export const msDateOnly = (date: string) => msDate(Date.parse(`${date}T00:00:00Z`));

/** Accepts YYYY-MM-DD, an ISO date-time or a `/Date(...)/` string; returns YYYY-MM-DD or undefined. */
export function parseDateInput(value: unknown): string | undefined {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const ms = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/.exec(value.trim());
  if (ms) return new Date(Number(ms[1])).toISOString().slice(0, 10);
  const iso = /^(\d{4}-\d{2}-\d{2})(T[\d:.]+Z?)?$/.exec(value.trim());
  if (iso && !Number.isNaN(Date.parse(`${iso[1]}T00:00:00Z`))) return iso[1];
  return undefined;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "30 Jun 2026", as Xero words dates in its messages. */
export function humanDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  itemCount: number;
}

/** Xero's response envelope around a collection. */
export function envelope(collection: string, items: unknown[], pagination?: Pagination) {
  return {
    Id: randomUUID(),
    Status: 'OK',
    ProviderName: 'LRM',
    DateTimeUTC: msDate(Date.now()),
    ...(pagination ? { pagination } : {}),
    [collection]: items,
  };
}

/** `page` is 1-based; without it Xero returns everything. `pageSize` defaults to 100, at most 1,000. */
export function paginate<T>(
  items: T[],
  page?: string,
  pageSize?: string,
): { items: T[]; pagination?: Pagination } {
  if (page === undefined) return { items };
  const p = Math.max(1, Number.parseInt(page, 10) || 1);
  const size = Math.min(1000, Math.max(1, Number.parseInt(pageSize ?? '100', 10) || 100));
  return {
    items: items.slice((p - 1) * size, p * size),
    pagination: {
      page: p,
      pageSize: size,
      pageCount: Math.ceil(items.length / size),
      itemCount: items.length,
    },
  };
}

/** `If-Modified-Since`: an HTTP date or an ISO timestamp (xero-node sends ISO). */
export function modifiedSince(header: string | undefined): number | undefined {
  if (!header) return undefined;
  // An ISO timestamp without a zone is UTC, as Xero reads it.
  const bareIso = /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(header.trim());
  const ms = Date.parse(bareIso ? `${header.trim()}Z` : header);
  if (Number.isNaN(ms)) throw badRequest('The If-Modified-Since header is not a valid date');
  return ms;
}

/** Comma-separated query lists (`IDs`, `Statuses`, ...), case-insensitive. */
export function queryList(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return ([] as string[])
    .concat(value)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);
}

type Predicate = (record: Record<string, unknown>) => boolean;

const CLAUSE =
  /^\(?\s*([A-Za-z]+(?:\.[A-Za-z]+)*?)(?:\.(ToLower|ToUpper)\(\))?\s*(==|!=|>=|<=|>|<)\s*(?:"([^"]*)"|Guid\("([^"]*)"\)|DateTime\((\d{4}),\s*(\d{1,2}),\s*(\d{1,2})\)|(true|false|-?\d+(?:\.\d+)?|null))\s*\)?$/;
const METHOD = /^\(?\s*([A-Za-z]+(?:\.[A-Za-z]+)*)\.(Contains|StartsWith|EndsWith)\("([^"]*)"\)\s*\)?$/;

function fieldValue(record: Record<string, unknown>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], record);
}

function comparable(value: unknown): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') {
    const ms = /^\/Date\((-?\d+)/.exec(value);
    return ms ? Number(ms[1]) : value.toLowerCase();
  }
  return value as number | boolean;
}

function clause(text: string): Predicate {
  const method = METHOD.exec(text);
  if (method) {
    const [, path, fn, raw] = method;
    const needle = raw.toLowerCase();
    return (record) => {
      const value = String(fieldValue(record, path) ?? '').toLowerCase();
      return fn === 'Contains'
        ? value.includes(needle)
        : fn === 'StartsWith'
          ? value.startsWith(needle)
          : value.endsWith(needle);
    };
  }
  const match = CLAUSE.exec(text);
  if (!match) throw badRequest(`The where clause could not be understood: ${text.slice(0, 200)}`);
  const [, path, , op, str, guid, year, month, day, literal] = match;
  let expected: string | number | boolean | null;
  if (str !== undefined) expected = str.toLowerCase();
  else if (guid !== undefined) expected = guid.toLowerCase();
  else if (year !== undefined) expected = Date.UTC(Number(year), Number(month) - 1, Number(day));
  else if (literal === 'null') expected = null;
  else if (literal === 'true' || literal === 'false') expected = literal === 'true';
  else expected = Number(literal);
  return (record) => {
    const actual = comparable(fieldValue(record, path));
    switch (op) {
      case '==':
        return actual === expected;
      case '!=':
        return actual !== expected;
      default: {
        if (actual === null || expected === null) return false;
        const a = actual as number | string;
        const b = expected as number | string;
        return op === '>' ? a > b : op === '<' ? a < b : op === '>=' ? a >= b : a <= b;
      }
    }
  };
}

/** Splits on a separator outside double quotes. */
function splitOutsideQuotes(text: string, separator: RegExp): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    if (!quoted) {
      const rest = text.slice(i);
      const sep = separator.exec(rest);
      if (sep && sep.index === 0) {
        parts.push(current);
        current = '';
        i += sep[0].length - 1;
        continue;
      }
    }
    current += text[i];
  }
  parts.push(current);
  return parts.map((p) => p.trim());
}

/**
 * The subset of Xero's `where` syntax the product uses: `Field=="value"`, `!=`, comparisons, `Guid("…")`,
 * `DateTime(y,m,d)`, `.Contains("…")`/`.StartsWith`/`.EndsWith`, `.ToLower()`, joined by AND / OR
 * (AND binds tighter). Compared case-insensitively against the record's Xero JSON.
 */
export function whereFilter(where: string | undefined): Predicate {
  if (!where || where.trim() === '') return () => true;
  const any = splitOutsideQuotes(where.trim(), /^(\s+OR\s+|\s*\|\|\s*)/i).map((part) =>
    splitOutsideQuotes(part, /^(\s+AND\s+|\s*&&\s*)/i).map(clause),
  );
  return (record) => any.some((all) => all.every((predicate) => predicate(record)));
}
