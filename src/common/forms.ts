import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CHARACTER_NOT_ALLOWED, containsControlCharacter } from './text-input';

export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/**
 * Validates a submitted form against a DTO and returns either the typed value or one message per field,
 * so the page can show each message next to its field with the entered values kept. Every form goes
 * through here, so one rule refuses control characters (NUL, ...) in any text field of any form.
 */
export async function validateForm<T extends object>(
  dto: ClassConstructor<T>,
  body: unknown,
): Promise<FormResult<T>> {
  const errors: FieldErrors = {};
  for (const [field, submitted] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    // Nested rows (invoice lines) are validated as forms of their own, with their own messages.
    const text =
      typeof submitted === 'string' ||
      (Array.isArray(submitted) && submitted.every((item) => typeof item === 'string'));
    if (text && containsControlCharacter(submitted)) errors[field] = CHARACTER_NOT_ALLOWED;
  }
  const value = plainToInstance(dto, body ?? {}, { excludeExtraneousValues: false });
  const problems = await validate(value, { whitelist: true, forbidUnknownValues: false });
  if (problems.length === 0 && Object.keys(errors).length === 0) return { ok: true, value };
  for (const problem of problems) {
    const message = Object.values(problem.constraints ?? {})[0];
    if (message) errors[problem.property] ??= message;
  }
  return { ok: false, errors };
}
