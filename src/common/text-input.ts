import { BadRequestException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/**
 * C0 control characters other than tab, line feed and carriage return, and DEL. PostgreSQL cannot store NUL
 * in text at all, and none of the others belongs in anything a person types.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export const CHARACTER_NOT_ALLOWED =
  'This contains a character that is not allowed (an invisible control character). Remove it and try again.';

/** True when the value, or any string inside it (arrays, nested objects), holds a control character. */
export function containsControlCharacter(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return CONTROL_CHARACTER.test(value);
  if (depth > 5 || value === null || typeof value !== 'object') return false;
  const items = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  return items.some((item) => containsControlCharacter(item, depth + 1));
}

/**
 * The same rule for every query string (searches, filters, `next`): a control character there is refused
 * with a plain 400 page before any route reads it.
 */
export function refuseControlCharactersInQuery(req: Request, _res: Response, next: NextFunction): void {
  const query = req.originalUrl.indexOf('?');
  if (query >= 0 && containsControlCharacter(safeDecode(req.originalUrl.slice(query + 1)))) {
    return next(
      new BadRequestException(
        'The address contains a character that is not allowed. Remove it and try again.',
      ),
    );
  }
  next();
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    // A malformed escape is left to the router; only decodable control characters matter here.
    return text;
  }
}
