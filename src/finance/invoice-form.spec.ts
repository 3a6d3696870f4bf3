import { submittedLines, validateInvoiceForm } from './invoice-form';

const head = {
  learner: '6f1c2f0e-8a43-4f6e-9d0b-3f1f5b0a9c11',
  issueDate: '2026-11-01',
  dueDate: '2026-11-15',
  status: 'draft',
};

describe('the invoice form', () => {
  it('reads line rows in index order, whether qs gave an array or an object', () => {
    const row = (description: string) => ({ description, quantity: '1', unitAmount: '1' });
    expect(submittedLines({ lines: [row('a'), row('b')] }).map((l) => l.description)).toEqual(['a', 'b']);
    expect(submittedLines({ lines: { 30: row('late'), 2: row('early') } }).map((l) => l.description)).toEqual(
      ['early', 'late'],
    );
    expect(submittedLines({})).toEqual([]);
  });

  it('turns typed amounts into exact cents and quantities into ten-thousandths, ignoring untouched rows', async () => {
    const result = await validateInvoiceForm({
      ...head,
      lines: [
        { description: 'Tuition', quantity: '1.5', unitAmount: '0.10', taxType: 'OUTPUT' },
        { description: '', quantity: '1', unitAmount: '', taxType: '' },
      ],
    });
    expect(result.ok && result.value.lines).toEqual([
      { description: 'Tuition', quantity: 15000, unitAmountCents: 10, accountCode: null, taxType: 'OUTPUT' },
    ]);
  });

  it('reports each bad line next to its own fields', async () => {
    const result = await validateInvoiceForm({
      ...head,
      lines: [
        { description: 'Fine', quantity: '1', unitAmount: '5' },
        { description: 'Bad', quantity: '1', unitAmount: '5.001' },
      ],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.lineErrors[0]).toEqual({});
      expect(result.lineErrors[1].unitAmount).toContain('at most two decimals');
    }
  });
});
