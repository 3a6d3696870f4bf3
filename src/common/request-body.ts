/** What a browser can be told when its request body could not be read (body-parser's `http-errors`). */
const MESSAGES: Record<number, string> = {
  413:
    'What you sent is larger than this site accepts (at most 1 MB for a form), so nothing was saved. ' +
    'Go back, shorten the longest entries and try again.',
  415: 'This kind of content is not accepted here, so nothing was saved.',
};
const UNREADABLE =
  'What you sent could not be read, so nothing was saved. Go back, reload the page and try again.';

/**
 * body-parser refuses a body with an error carrying a 4xx `status` and a `type` such as `entity.too.large`,
 * `entity.parse.failed` or `parameters.too.many`; each becomes its own status with a plain message, never a 500.
 */
export function describeBodyError(exception: unknown): { status: number; message: string } | undefined {
  if (!(exception instanceof Error)) return undefined;
  const { status, type } = exception as Error & { status?: unknown; type?: unknown };
  if (typeof type !== 'string' || typeof status !== 'number' || status < 400 || status >= 500)
    return undefined;
  const mapped = type === 'parameters.too.many' ? 413 : status;
  return { status: mapped, message: MESSAGES[mapped] ?? UNREADABLE };
}
