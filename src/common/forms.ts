import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/**
 * Validates a submitted form against a DTO and returns either the typed value or one message per field,
 * so the page can show each message next to its field with the entered values kept.
 */
export async function validateForm<T extends object>(
  dto: ClassConstructor<T>,
  body: unknown,
): Promise<FormResult<T>> {
  const value = plainToInstance(dto, body ?? {}, { excludeExtraneousValues: false });
  const problems = await validate(value, { whitelist: true, forbidUnknownValues: false });
  if (problems.length === 0) return { ok: true, value };
  const errors: FieldErrors = {};
  for (const problem of problems) {
    const message = Object.values(problem.constraints ?? {})[0];
    if (message) errors[problem.property] ??= message;
  }
  return { ok: false, errors };
}
