import { divideRounded, fromCents, toCents, toScaled } from './sandbox-money';

describe('sandbox money', () => {
  it('reads amounts as the decimals they were written as', () => {
    expect(toCents(10.05)).toBe(1005n);
    expect(toCents(1.005)).toBe(101n);
    expect(toCents(-1.005)).toBe(-101n);
    expect(toCents(0.1 + 0.2)).toBe(30n);
    expect(toScaled(1.2345, 4)).toBe(12345n);
  });

  it('rounds halves away from zero', () => {
    expect(divideRounded(1005n, 10n)).toBe(101n);
    expect(divideRounded(-1005n, 10n)).toBe(-101n);
    expect(divideRounded(1004n, 10n)).toBe(100n);
    expect(fromCents(toCents(0.145))).toBe(0.15);
  });

  it('gives back the plain two-decimal number', () => {
    expect(fromCents(1266n)).toBe(12.66);
    expect(fromCents(toCents(11.5) + toCents(1.16))).toBe(12.66);
  });
});
