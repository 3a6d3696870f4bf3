import { formatDateTime } from './dates';

describe('formatDateTime', () => {
  it('shows the moment in the account’s time zone, daylight saving included', () => {
    const moment = new Date('2026-11-26T01:28:00Z');
    expect(formatDateTime(moment, 'Australia/Sydney')).toMatch(/26 Nov 2026, 12:28\s?pm AEDT/);
    expect(formatDateTime(moment, 'Australia/Perth')).toMatch(/26 Nov 2026, 9:28\s?am AWST/);
    expect(formatDateTime(undefined, 'Australia/Sydney')).toBeUndefined();
  });
});
