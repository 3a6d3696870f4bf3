import { whereFilter } from './sandbox-json';

describe("the sandbox's where filter", () => {
  const contact = {
    Name: 'Ada Lovelace',
    ContactNumber: 'S-001',
    EmailAddress: 'ada@example.edu.au',
    ContactStatus: 'ACTIVE',
    ContactID: '6B1A2F4C-0000-4000-8000-000000000001',
    UpdatedDateUTC: '/Date(1764115200000+0000)/',
  };

  it.each([
    ['ContactNumber=="S-001"', true],
    ['ContactNumber=="S-002"', false],
    ['Name=="ada lovelace"', true],
    ['EmailAddress=="ada@example.edu.au" AND ContactStatus=="ACTIVE"', true],
    ['ContactStatus=="ARCHIVED" OR Name.Contains("Love")', true],
    ['ContactStatus=="ARCHIVED" && Name.StartsWith("Ada")', false],
    ['ContactID==Guid("6b1a2f4c-0000-4000-8000-000000000001")', true],
    ['UpdatedDateUTC>=DateTime(2025,11,26)', true],
    ['Name.ToLower()=="ada lovelace"', true],
    ['Name=="Ada OR Lovelace"', false],
    ['ContactNumber=="S-003" OR ContactNumber=="S-002" OR ContactNumber=="S-001"', true],
    ['ContactNumber=="S-003" OR ContactNumber=="S-002"', false],
    ['Name=="Grace O\'Brien" OR Name=="Ada Lovelace"', true],
  ])('%s -> %s', (where, expected) => {
    expect(whereFilter(where)(contact)).toBe(expected);
  });

  it('refuses what it cannot read, with a 400', () => {
    expect(() => whereFilter('Name LIKE "x"')).toThrow(expect.objectContaining({ status: 400 }));
  });
});
