import { randomUUID } from 'node:crypto';
import { envelope, msDate } from './sandbox-json';
import { ElementInvalid } from './sandbox.messages';

export interface ApiResult {
  status: number;
  body: unknown;
}

type Element = Record<string, unknown>;

/**
 * Runs a batch element by element (each sees the ones before it) and answers as Xero does:
 * summarizeErrors=false -> 200 with every element marked OK or ERROR; otherwise a 400 ValidationException
 * listing only the failures (the valid elements have been written all the same, as at Xero).
 */
export function runBatch(
  collection: string,
  elements: Element[],
  summarizeErrors: boolean,
  apply: (element: Element) => Element,
): ApiResult {
  const results = elements.map((element) => {
    try {
      return { ok: true as const, body: { ...apply(element), StatusAttributeString: 'OK' } };
    } catch (error) {
      if (!(error instanceof ElementInvalid)) throw error;
      return {
        ok: false as const,
        body: {
          ...element,
          StatusAttributeString: 'ERROR',
          HasValidationErrors: true,
          ValidationErrors: error.messages.map((Message) => ({ Message })),
        },
      };
    }
  });
  if (summarizeErrors && results.some((r) => !r.ok)) {
    return { status: 400, body: validationException(results.filter((r) => !r.ok).map((r) => r.body)) };
  }
  return {
    status: 200,
    body: envelope(
      collection,
      results.map((r) => r.body),
    ),
  };
}

export function validationException(elements: Element[]) {
  return {
    ErrorNumber: 10,
    Type: 'ValidationException',
    Message: 'A validation exception occurred',
    Elements: elements,
    Id: randomUUID(),
    DateTimeUTC: msDate(Date.now()),
  };
}

/** The collection of a write body: `{Contacts: [...]}` (or a bare element, which Xero also accepts). */
export function elementsOf(body: unknown, collection: string): Element[] {
  if (!body || typeof body !== 'object') return [];
  const list = (body as Record<string, unknown>)[collection];
  if (Array.isArray(list)) return list.filter((e): e is Element => !!e && typeof e === 'object');
  return [body as Element];
}
