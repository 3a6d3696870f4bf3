import {
  divideRounded,
  formatCents,
  formatQuantity,
  invoiceTotals,
  lineAmounts,
  parseCents,
  parseQuantity,
  TaxType,
} from './money';

describe('money', () => {
  it('reads amounts of up to two decimals as exact cents', () => {
    expect(parseCents('0.1')).toBe(10);
    expect(parseCents('0.29')).toBe(29);
    expect(parseCents('1234.5')).toBe(123450);
    expect(parseCents(' 7 ')).toBe(700);
    expect(parseCents('1.005')).toBeUndefined();
    expect(parseCents('-1')).toBeUndefined();
    expect(parseCents('1e3')).toBeUndefined();
    expect(parseCents('')).toBeUndefined();
  });

  it('reads quantities of up to four decimals', () => {
    expect(parseQuantity('1.5')).toBe(15000);
    expect(parseQuantity('0.3333')).toBe(3333);
    expect(parseQuantity('0.33333')).toBeUndefined();
    expect(formatQuantity(15000)).toBe('1.5');
    expect(formatQuantity(20000)).toBe('2');
  });

  it('rounds halves away from zero', () => {
    expect(divideRounded(5n, 10n)).toBe(1n);
    expect(divideRounded(15n, 10n)).toBe(2n);
    expect(divideRounded(14n, 10n)).toBe(1n);
    expect(divideRounded(-5n, 10n)).toBe(-1n);
    expect(divideRounded(-14n, 10n)).toBe(-1n);
  });

  it('rounds each line to the cent and computes GST only for OUTPUT', () => {
    // 3 x 33.335 is not representable; 0.3333 x 10.05 = 3.349665 -> 3.35
    expect(lineAmounts({ quantity: 3333, unitAmountCents: 1005 })).toEqual({
      lineAmountCents: 335,
      taxCents: 0,
    });
    // 1.5 x 0.05 = 0.075 -> 0.08 (half away from zero); GST 0.008 -> 0.01
    expect(lineAmounts({ quantity: 15000, unitAmountCents: 5, taxType: TaxType.Output })).toEqual({
      lineAmountCents: 8,
      taxCents: 1,
    });
    expect(
      lineAmounts({ quantity: 10000, unitAmountCents: 10005, taxType: TaxType.ExemptOutput }).taxCents,
    ).toBe(0);
    expect(
      lineAmounts({ quantity: 10000, unitAmountCents: 10005, taxType: TaxType.BasExcluded }).taxCents,
    ).toBe(0);
    expect(lineAmounts({ quantity: 10000, unitAmountCents: 10005, taxType: TaxType.Output }).taxCents).toBe(
      1001,
    );
  });

  it('totals many fractional lines exactly, where floats would drift', () => {
    const lines = Array.from({ length: 1000 }, () =>
      lineAmounts({ quantity: 10000, unitAmountCents: 10, taxType: TaxType.Output }),
    );
    // 1000 x 0.10 = 100.00 and 1000 x 0.01 GST = 10.00; summing 0.1 as floats gives 99.9999999999986
    expect(invoiceTotals(lines)).toEqual({ subtotalCents: 10000, taxCents: 1000, totalCents: 11000 });
  });

  it('formats cents for people', () => {
    expect(formatCents(123456789)).toBe('1,234,567.89');
    expect(formatCents(5)).toBe('0.05');
    expect(formatCents(-250)).toBe('-2.50');
  });
});
