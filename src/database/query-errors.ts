/** Properties of a PostgreSQL error that quote the row or the values involved. */
const VALUE_PROPERTIES = ['detail', 'parameters', 'internalQuery', 'sql', 'sqlMessage'] as const;

/**
 * Rewrites a failed query's error so that no log can show a bound value: the message becomes the server's
 * own message followed by the query's shape (placeholders, no values), the stack loses the SQL the driver
 * prefixed to it, and the row details PostgreSQL attaches ("Key (email)=(…)", "Failing row contains …")
 * are dropped. Returns the same error object.
 */
export function withoutBoundValues<T>(error: T, shape: string | undefined, formatted?: string): T {
  if (!(error instanceof Error)) return error;
  let message = error.message;
  // knex prefixes the statement it ran, with every value written into it, to the server's message.
  if (formatted && message.startsWith(`${formatted} - `)) message = message.slice(formatted.length + 3);
  else if (shape) message = maskLiterals(message);
  message = maskQuotedValue(message, (error as { code?: unknown }).code);
  if (shape) message = `${message} (query: ${oneLine(shape)})`;
  const frames = (error.stack ?? '').split('\n').filter((line) => line.trim().startsWith('at '));
  error.message = message;
  error.stack = [`${error.name}: ${message}`, ...frames].join('\n');
  for (const key of VALUE_PROPERTIES) delete (error as unknown as Record<string, unknown>)[key];
  return error;
}

/** A one-line description of any database error, for reports: its message without values. */
export function describeDatabaseError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const message = error.message || (error instanceof AggregateError ? String(error.errors[0]) : '');
  return (
    maskQuotedValue(oneLine(message.split('\n - detail:')[0]), code) + (code ? ` [${String(code)}]` : '')
  );
}

/** Data exceptions (class 22) quote the offending input at the end: `invalid input syntax for type uuid: "…"`. */
function maskQuotedValue(message: string, code: unknown): string {
  return typeof code === 'string' && code.startsWith('22') ? message.replace(/: ".*"$/s, ': "…"') : message;
}

/** Replaces SQL string and number literals (outside quoted identifiers) with `?`. */
function maskLiterals(sql: string): string {
  return sql.replace(/"(?:[^"]|"")*"|[EX]?'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b/g, (token) =>
    token.startsWith('"') ? token : '?',
  );
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
