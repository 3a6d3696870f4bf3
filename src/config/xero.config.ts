import { ConfigError } from './config.error';
import type { Environment } from './environment';

export type XeroMode = 'sandbox' | 'xero';

/** Probabilities (0..1) of each injected fault, per accounting API call, plus added latency. */
export interface XeroSandboxFaults {
  rateLimit: number;
  serverError: number;
  unavailable: number;
  hang: number;
  reset: number;
  ghostWrite: number;
  latencyMs: number;
  /** How long a hung call is held before its connection is dropped. */
  hangMs: number;
}

export interface XeroSandboxLimits {
  enabled: boolean;
  perMinute: number;
  concurrent: number;
  perDay: number;
}

export interface XeroSandboxConfig {
  accessTokenMinutes: number;
  /** Unset: the sandbox admin endpoint answers 404. */
  adminToken?: string;
  limits: XeroSandboxLimits;
  faults: XeroSandboxFaults;
  seed?: number;
}

export interface XeroConfig {
  mode: XeroMode;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  identityUrl: string;
  apiUrl: string;
  scopes: string[];
  /** The most calls a minute this instance sends one organisation (Xero allows 60). */
  callsPerMinute: number;
  sandbox: XeroSandboxConfig;
}

export const SANDBOX_CLIENT_ID = 'lrm-sandbox-client';
/** Not a secret: the sandbox is public and this value is documented. */
export const SANDBOX_CLIENT_SECRET = 'lrm-sandbox-secret';
export const DEFAULT_XERO_SCOPES =
  'openid profile email offline_access accounting.contacts accounting.invoices accounting.payments accounting.settings.read';

const trim = (url: string) => url.replace(/\/+$/, '');

export function buildXeroConfig(env: Environment, appUrl: string): XeroConfig {
  const mode: XeroMode = env.XERO_MODE ?? (env.XERO_CLIENT_ID ? 'xero' : 'sandbox');
  const sandbox = mode === 'sandbox';
  if (!sandbox && !env.XERO_CLIENT_ID) {
    throw new ConfigError('XERO_CLIENT_ID', 'XERO_CLIENT_ID is required when XERO_MODE=xero');
  }
  if (!sandbox && !env.XERO_CLIENT_SECRET) {
    throw new ConfigError('XERO_CLIENT_SECRET', 'XERO_CLIENT_SECRET is required when XERO_MODE=xero');
  }
  return {
    mode,
    callsPerMinute: env.XERO_CALLS_PER_MINUTE ?? 60,
    clientId: env.XERO_CLIENT_ID ?? SANDBOX_CLIENT_ID,
    clientSecret: env.XERO_CLIENT_SECRET ?? SANDBOX_CLIENT_SECRET,
    redirectUri: env.XERO_REDIRECT_URI ?? `${appUrl}/settings/integrations/xero/callback`,
    identityUrl: trim(
      env.XERO_IDENTITY_URL ?? (sandbox ? `${appUrl}/xero-sandbox/identity` : 'https://identity.xero.com'),
    ),
    apiUrl: trim(env.XERO_API_URL ?? (sandbox ? `${appUrl}/xero-sandbox/api` : 'https://api.xero.com')),
    scopes: (env.XERO_SCOPES ?? DEFAULT_XERO_SCOPES).split(/\s+/).filter(Boolean),
    sandbox: {
      accessTokenMinutes: env.XERO_SANDBOX_ACCESS_TOKEN_MINUTES ?? 30,
      adminToken: env.XERO_SANDBOX_ADMIN_TOKEN,
      limits: {
        enabled: (env.XERO_SANDBOX_LIMITS ?? 'true') === 'true',
        perMinute: env.XERO_SANDBOX_LIMIT_PER_MINUTE ?? 60,
        concurrent: env.XERO_SANDBOX_LIMIT_CONCURRENT ?? 5,
        perDay: env.XERO_SANDBOX_LIMIT_PER_DAY ?? 5000,
      },
      faults: {
        rateLimit: env.XERO_SANDBOX_FAULT_429 ?? 0,
        serverError: env.XERO_SANDBOX_FAULT_500 ?? 0,
        unavailable: env.XERO_SANDBOX_FAULT_503 ?? 0,
        hang: env.XERO_SANDBOX_FAULT_HANG ?? 0,
        reset: env.XERO_SANDBOX_FAULT_RESET ?? 0,
        ghostWrite: env.XERO_SANDBOX_FAULT_GHOST_WRITE ?? 0,
        latencyMs: env.XERO_SANDBOX_LATENCY_MS ?? 0,
        hangMs: env.XERO_SANDBOX_HANG_MS ?? 120_000,
      },
      seed: env.XERO_SANDBOX_SEED,
    },
  };
}
