import { containsControlCharacter } from './text-input';

describe('containsControlCharacter', () => {
  it.each([
    'a\u0000b',
    '\u0001',
    'esc\u001b[0m',
    'del\u007f',
    ['ok', 'bad\u0000'],
    { row: { name: '\u0008' } },
  ])('finds one in %j', (value) => {
    expect(containsControlCharacter(value)).toBe(true);
  });

  it.each(['Unit 4\tLevel 2', 'line one\r\nline two', 'Zoë Ng — Müller 日本 🎓', '', ['a', 'b'], 42, null])(
    'finds none in %j',
    (value) => {
      expect(containsControlCharacter(value)).toBe(false);
    },
  );
});
