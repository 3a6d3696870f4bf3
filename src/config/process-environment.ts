import { config as loadDotenv } from 'dotenv';
import { existsSync } from 'node:fs';
import { AppConfig, EnvironmentSource, loadConfig } from './app.config';

/** Loads the configuration from the process environment, reading `.env` first when it exists. */
export function loadProcessConfig(): AppConfig {
  if (existsSync('.env')) loadDotenv({ path: '.env', quiet: true });
  return loadConfig(process.env);
}

/**
 * `npm run xero-sandbox`: the sandbox alone, on its own port (XERO_SANDBOX_PORT, default 3100) and data
 * folder, registering the OAuth client an app in production mode is configured with (its XERO_CLIENT_ID,
 * XERO_CLIENT_SECRET and redirect URI under APP_URL).
 */
export function loadStandaloneSandboxConfig(source: EnvironmentSource = process.env): AppConfig {
  if (source === process.env && existsSync('.env')) loadDotenv({ path: '.env', quiet: true });
  const port = source.XERO_SANDBOX_PORT ?? '3100';
  const sandboxUrl = (source.XERO_SANDBOX_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const appUrl = (source.APP_URL ?? `http://localhost:${source.PORT ?? 3000}`).replace(/\/+$/, '');
  return loadConfig({
    ...source,
    XERO_MODE: 'sandbox',
    PORT: port,
    APP_URL: sandboxUrl,
    DATA_DIR: source.XERO_SANDBOX_DATA_DIR ?? './.data/xero-sandbox',
    XERO_REDIRECT_URI: source.XERO_REDIRECT_URI ?? `${appUrl}/settings/integrations/xero/callback`,
    XERO_IDENTITY_URL: `${sandboxUrl}/xero-sandbox/identity`,
    XERO_API_URL: `${sandboxUrl}/xero-sandbox/api`,
  });
}
