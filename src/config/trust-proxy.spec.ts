import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './app.config';
import { ConfigError } from './config.error';

const load = (env: Record<string, string>) =>
  loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'lrm-config-')), ...env });

describe('TRUST_PROXY', () => {
  it('trusts one proxy in front of an https APP_URL by default, and none otherwise', () => {
    expect(load({}).trustProxy).toBe(false);
    expect(load({ APP_URL: 'https://lrm.example.edu.au' }).trustProxy).toBe(1);
  });

  it.each([
    ['false', false],
    ['2', 2],
    ['loopback', ['loopback']],
    ['loopback, 10.0.0.0/8,fd00::/8', ['loopback', '10.0.0.0/8', 'fd00::/8']],
  ])('reads %s', (value, expected) => {
    expect(load({ TRUST_PROXY: value, APP_URL: 'https://lrm.example.edu.au' }).trustProxy).toEqual(expected);
  });

  it.each(['true', 'everyone', '10.0.0.300', '10.0.0.0/33', '1,,2'])(
    'refuses %s, naming the variable',
    (value) => {
      expect(() => load({ TRUST_PROXY: value })).toThrow(ConfigError);
      try {
        load({ TRUST_PROXY: value });
      } catch (error) {
        expect((error as ConfigError).message).toContain('TRUST_PROXY');
      }
    },
  );
});
