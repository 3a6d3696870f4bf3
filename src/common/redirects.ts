/**
 * The `next` target after sign-in: only a path on this site. Anything that a browser could read as another
 * host (`//host`, `/\host`, a scheme, control characters, encoded variants of those) falls back to `/`.
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2000) return '/';
  let decoded = next;
  try {
    for (let i = 0; i < 3 && /%[0-9a-f]{2}/i.test(decoded); i++) decoded = decodeURIComponent(decoded);
  } catch {
    return '/';
  }
  for (const candidate of [next, decoded]) {
    if (!candidate.startsWith('/')) return '/';
    if (/^\/[/\\]/.test(candidate) || candidate.includes('\\')) return '/';
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(candidate)) return '/';
    if (/^\/[a-z][a-z0-9+.-]*:/i.test(candidate)) return '/';
  }
  return next;
}
