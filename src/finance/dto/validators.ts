import {
  registerDecorator,
  ValidationArguments,
  ValidationOptions,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { isCalendarDate } from '../../common';
import { decimalPlaces, formatCents, formatQuantity, parseCents, parseQuantity } from '../money';

/**
 * A money amount typed by a person: a plain decimal above zero with at most two decimals (cents), at most the
 * number of cents given as the constraint.
 */
@ValidatorConstraint({ name: 'amount' })
export class AmountConstraint implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    return this.problem(value, args) === undefined;
  }

  defaultMessage(args: ValidationArguments): string {
    return this.problem(args.value, args) ?? '';
  }

  private problem(value: unknown, args: ValidationArguments): string | undefined {
    const text = typeof value === 'string' ? value.trim() : '';
    if (text === '') return 'Enter an amount, like 120.50.';
    const places = decimalPlaces(text.replace(/^-/, ''));
    if (places === undefined) return 'Enter the amount as a number, like 120.50.';
    if (places > 2) return 'Enter the amount with at most two decimals (whole cents).';
    if (text.startsWith('-') || !/[1-9]/.test(text)) return 'Enter an amount above zero.';
    const max = args.constraints[0] as number;
    const cents = parseCents(text);
    if (cents === undefined || cents > max) return `Enter an amount of at most ${formatCents(max)}.`;
    return undefined;
  }
}

/** A quantity: above zero, at most four decimals, at most the ten-thousandths given as the constraint. */
@ValidatorConstraint({ name: 'quantity' })
export class QuantityConstraint implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    return this.problem(value, args) === undefined;
  }

  defaultMessage(args: ValidationArguments): string {
    return this.problem(args.value, args) ?? '';
  }

  private problem(value: unknown, args: ValidationArguments): string | undefined {
    const text = typeof value === 'string' ? value.trim() : '';
    const places = decimalPlaces(text);
    if (places === undefined || places > 4 || !/[1-9]/.test(text)) {
      return 'Enter a quantity above zero, with at most four decimals, like 1 or 2.5.';
    }
    const max = args.constraints[0] as number;
    const quantity = parseQuantity(text);
    if (quantity === undefined || quantity > max)
      return `Enter a quantity of at most ${formatQuantity(max)}.`;
    return undefined;
  }
}

export function IsCalendarDate(message: string, options: ValidationOptions = {}) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'calendarDate',
      target: target.constructor,
      propertyName,
      options: { message, ...options },
      validator: { validate: (value: unknown) => isCalendarDate(value) },
    });
}

/** This date is on or after the date in `property` (checked only when both are valid dates). */
export function NotBefore(property: string, message: string) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'notBefore',
      target: target.constructor,
      propertyName,
      constraints: [property],
      options: { message },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const other = (args.object as Record<string, unknown>)[property];
          if (!isCalendarDate(value) || !isCalendarDate(other)) return true;
          return value >= other;
        },
      },
    });
}
