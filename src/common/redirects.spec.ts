import { safeNextPath } from './redirects';

describe('safeNextPath', () => {
  it.each([
    '//evil.example',
    'https://evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '%2F%2Fevil.example',
    '/%2F/evil.example',
    '/%5Cevil.example',
    '%252F%252Fevil.example',
    'javascript:alert(1)',
    '/\t/evil.example',
    'evil.example',
    '',
  ])('sends %j to the start page', (next) => {
    expect(safeNextPath(next)).toBe('/');
  });

  it.each(['/learners', '/invoices?status=paid&page=2', '/settings/integrations/xero'])(
    'keeps %j',
    (next) => {
      expect(safeNextPath(next)).toBe(next);
    },
  );
});
