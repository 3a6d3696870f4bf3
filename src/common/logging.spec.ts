import { redactUrl } from './logging';

describe('redactUrl', () => {
  it('hides OAuth codes, state and tokens but keeps ordinary search terms', () => {
    const url = redactUrl('/settings/integrations/xero/callback?code=abc123&state=s3cr3t&scope=openid');
    expect(url).not.toContain('abc123');
    expect(url).not.toContain('s3cr3t');
    expect(url).toContain('scope=openid');
    expect(redactUrl('/learners?q=Smith&page=2')).toBe('/learners?q=Smith&page=2');
    expect(redactUrl('/health/live')).toBe('/health/live');
    const nested = redactUrl(
      `/login?next=${encodeURIComponent('/settings/integrations/xero/callback?code=abc123&state=s3cr3t')}`,
    );
    expect(nested).not.toContain('abc123');
    expect(nested).not.toContain('s3cr3t');
  });
});
