/**
 * Exact money for the emulator. Xero rounds line, tax and payment amounts to the cent with halves away from
 * zero; doing that on floats turns 1.005 into 1.00. Amounts arrive as JS numbers in the JSON, so each is
 * turned into an integer count of cents (or ten-thousandths) once, added up as integers, and turned back into
 * a number only for the reply.
 */

/** a / b rounded to the nearest integer, halves away from zero (b > 0). */
export function divideRounded(a: bigint, b: bigint): bigint {
  const negative = a < 0n;
  const magnitude = negative ? -a : a;
  const quotient = (magnitude * 2n + b) / (2n * b);
  return negative ? -quotient : quotient;
}

/**
 * A number as an integer count of 10^-places, halves away from zero. The number's decimal form (toFixed
 * with spare digits) is what a person typed, so 10.05 is 1005 cents, not 1004.9999.
 */
export function toScaled(value: number, places: number): bigint {
  if (!Number.isFinite(value)) throw new RangeError(`Not a finite amount: ${value}`);
  // Past 2^50 a double holds no cents any more; its own value is the best there is.
  if (Math.abs(value) >= 2 ** 50) return BigInt(Math.round(value * 10 ** places));
  const negative = value < 0;
  const text = Math.abs(value).toFixed(places + 6);
  const [whole, fraction] = text.split('.');
  const scaled = divideRounded(BigInt(whole + fraction), 10n ** 6n);
  return negative ? -scaled : scaled;
}

export const toCents = (value: number): bigint => toScaled(value, 2);

/** Integer cents back to the number Xero shows (the double nearest to the two-decimal amount). */
export const fromCents = (cents: bigint): number => Number(cents) / 100;
