import { plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { ConfigError } from './config.error';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const HTTP_URL = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

const TOKEN_KEYS_PATTERN =
  /^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=)*$/;

const PROXY_ADDRESS = String.raw`(loopback|linklocal|uniquelocal|[0-9A-Fa-f.:]+(\/\d{1,3})?)`;
const TRUST_PROXY_PATTERN = new RegExp(
  String.raw`^(false|\d{1,2}|${PROXY_ADDRESS}( *, *${PROXY_ADDRESS})*)$`,
);

/**
 * The raw environment, validated variable by variable so a bad value is reported under its own name.
 * Values arrive as strings; numeric ones are converted before validation.
 */
export class Environment {
  @IsOptional()
  @IsInt({ message: 'PORT must be a whole number between 1 and 65535' })
  @Min(1, { message: 'PORT must be a whole number between 1 and 65535' })
  @Max(65535, { message: 'PORT must be a whole number between 1 and 65535' })
  PORT?: number;

  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'APP_URL must be an http(s) URL such as https://lrm.example.edu.au' },
  )
  APP_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'DATA_DIR must not be empty' })
  DATA_DIR?: string;

  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['postgres', 'postgresql'] },
    { message: 'DATABASE_URL must be a PostgreSQL URL such as postgresql://user:password@host:5432/lrm' },
  )
  DATABASE_URL?: string;

  @IsOptional()
  @MinLength(32, { message: 'SESSION_SECRET must be at least 32 characters long' })
  SESSION_SECRET?: string;

  @IsOptional()
  @Matches(TOKEN_KEYS_PATTERN, {
    message:
      'TOKEN_ENCRYPTION_KEYS must be a comma-separated list of keyId:base64 entries, each key 32 bytes ' +
      '(newest first), e.g. k2:<44 base64 characters>',
  })
  TOKEN_ENCRYPTION_KEYS?: string;

  @IsOptional()
  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL?: LogLevel;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'SEED_DEMO must be true or false' })
  SEED_DEMO?: string;

  @IsOptional()
  @IsInt({ message: 'SESSION_IDLE_MINUTES must be a whole number of minutes' })
  @Min(1, { message: 'SESSION_IDLE_MINUTES must be at least 1' })
  SESSION_IDLE_MINUTES?: number;

  @IsOptional()
  @Matches(TRUST_PROXY_PATTERN, {
    message:
      'TRUST_PROXY must be false, a number of proxies in front of the app (like 1), or a comma-separated list of ' +
      'proxy addresses or subnets (like loopback, 10.0.0.0/8)',
  })
  TRUST_PROXY?: string;

  @IsOptional()
  @IsIn(['sandbox', 'xero'], { message: 'XERO_MODE must be sandbox or xero' })
  XERO_MODE?: 'sandbox' | 'xero';

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'XERO_CLIENT_ID must not be empty' })
  XERO_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'XERO_CLIENT_SECRET must not be empty' })
  XERO_CLIENT_SECRET?: string;

  @IsOptional()
  @IsUrl(HTTP_URL, { message: 'XERO_REDIRECT_URI must be an http(s) URL' })
  XERO_REDIRECT_URI?: string;

  @IsOptional()
  @IsUrl(HTTP_URL, { message: 'XERO_IDENTITY_URL must be an http(s) URL such as https://identity.xero.com' })
  XERO_IDENTITY_URL?: string;

  @IsOptional()
  @IsUrl(HTTP_URL, { message: 'XERO_API_URL must be an http(s) URL such as https://api.xero.com' })
  XERO_API_URL?: string;

  @IsOptional()
  @Matches(/^[a-z_.]+( +[a-z_.]+)*$/, { message: 'XERO_SCOPES must be space-separated scope names' })
  XERO_SCOPES?: string;

  @IsOptional()
  @IsInt({ message: 'XERO_SANDBOX_PORT must be a whole number between 1 and 65535' })
  @Min(1, { message: 'XERO_SANDBOX_PORT must be a whole number between 1 and 65535' })
  @Max(65535, { message: 'XERO_SANDBOX_PORT must be a whole number between 1 and 65535' })
  XERO_SANDBOX_PORT?: number;

  @IsOptional()
  @IsUrl(HTTP_URL, { message: 'XERO_SANDBOX_URL must be an http(s) URL such as http://localhost:3100' })
  XERO_SANDBOX_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'XERO_SANDBOX_DATA_DIR must not be empty' })
  XERO_SANDBOX_DATA_DIR?: string;

  @IsOptional()
  @IsInt({ message: 'XERO_SANDBOX_ACCESS_TOKEN_MINUTES must be a whole number of minutes' })
  @Min(1, { message: 'XERO_SANDBOX_ACCESS_TOKEN_MINUTES must be at least 1' })
  XERO_SANDBOX_ACCESS_TOKEN_MINUTES?: number;

  @IsOptional()
  @MinLength(16, { message: 'XERO_SANDBOX_ADMIN_TOKEN must be at least 16 characters long' })
  XERO_SANDBOX_ADMIN_TOKEN?: string;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'XERO_SANDBOX_LIMITS must be true or false' })
  XERO_SANDBOX_LIMITS?: string;

  @IsOptional()
  @IsInt({ message: 'XERO_SANDBOX_LIMIT_PER_MINUTE must be a whole number' })
  @Min(1, { message: 'XERO_SANDBOX_LIMIT_PER_MINUTE must be at least 1' })
  XERO_SANDBOX_LIMIT_PER_MINUTE?: number;

  @IsOptional()
  @IsInt({ message: 'XERO_SANDBOX_LIMIT_CONCURRENT must be a whole number' })
  @Min(1, { message: 'XERO_SANDBOX_LIMIT_CONCURRENT must be at least 1' })
  XERO_SANDBOX_LIMIT_CONCURRENT?: number;

  @IsOptional()
  @IsInt({ message: 'XERO_SANDBOX_LIMIT_PER_DAY must be a whole number' })
  @Min(1, { message: 'XERO_SANDBOX_LIMIT_PER_DAY must be at least 1' })
  XERO_SANDBOX_LIMIT_PER_DAY?: number;

  @IsOptional()
  @IsNumber({}, { message: 'XERO_SANDBOX_FAULT_429 must be a probability between 0 and 1' })
  @Min(0, { message: 'XERO_SANDBOX_FAULT_429 must be a probability between 0 and 1' })
  @Max(1, { message: 'XERO_SANDBOX_FAULT_429 must be a probability between 0 and 1' })
  XERO_SANDBOX_FAULT_429?: number;

  @IsOptional()
  @IsNumber({}, { message: 'XERO_SANDBOX_FAULT_500 must be a probability between 0 and 1' })
  @Min(0, { message: 'XERO_SANDBOX_FAULT_500 must be a probability between 0 and 1' })
  @Max(1, { message: 'XERO_SANDBOX_FAULT_500 must be a probability between 0 and 1' })
  XERO_SANDBOX_FAULT_500?: number;

  @IsOptional()
  @IsNumber({}, { message: 'XERO_SANDBOX_FAULT_503 must be a probability between 0 and 1' })
  @Min(0, { message: 'XERO_SANDBOX_FAULT_503 must be a probability between 0 and 1' })
  @Max(1, { message: 'XERO_SANDBOX_FAULT_503 must be a probability between 0 and 1' })
  XERO_SANDBOX_FAULT_503?: number;

  @IsOptional()
  @IsNumber({}, { message: 'XERO_SANDBOX_FAULT_HANG must be a probability between 0 and 1' })
  @Min(0, { message: 'XERO_SANDBOX_FAULT_HANG must be a probability between 0 and 1' })
  @Max(1, { message: 'XERO_SANDBOX_FAULT_HANG must be a probability between 0 and 1' })
  XERO_SANDBOX_FAULT_HANG?: number;

  @IsOptional()
  @IsNumber({}, { message: 'XERO_SANDBOX_FAULT_RESET must be a probability between 0 and 1' })
  @Min(0, { message: 'XERO_SANDBOX_FAULT_RESET must be a probability between 0 and 1' })
  @Max(1, { message: 'XERO_SANDBOX_FAULT_RESET must be a probability between 0 and 1' })
  XERO_SANDBOX_FAULT_RESET?: number;

  @IsOptional()
  @IsNumber({}, { message: 'XERO_SANDBOX_FAULT_GHOST_WRITE must be a probability between 0 and 1' })
  @Min(0, { message: 'XERO_SANDBOX_FAULT_GHOST_WRITE must be a probability between 0 and 1' })
  @Max(1, { message: 'XERO_SANDBOX_FAULT_GHOST_WRITE must be a probability between 0 and 1' })
  XERO_SANDBOX_FAULT_GHOST_WRITE?: number;

  @IsOptional()
  @IsInt({ message: 'XERO_SANDBOX_LATENCY_MS must be a whole number' })
  @Min(0, { message: 'XERO_SANDBOX_LATENCY_MS must not be negative' })
  XERO_SANDBOX_LATENCY_MS?: number;

  @IsOptional()
  @IsInt({ message: 'XERO_SANDBOX_HANG_MS must be a whole number' })
  @Min(0, { message: 'XERO_SANDBOX_HANG_MS must not be negative' })
  XERO_SANDBOX_HANG_MS?: number;

  @IsOptional()
  @IsInt({ message: 'XERO_SANDBOX_SEED must be a whole number' })
  @Min(0, { message: 'XERO_SANDBOX_SEED must not be negative' })
  XERO_SANDBOX_SEED?: number;

  @IsOptional()
  @IsInt({ message: 'XERO_CALLS_PER_MINUTE must be a whole number' })
  @Min(1, { message: 'XERO_CALLS_PER_MINUTE must be at least 1' })
  XERO_CALLS_PER_MINUTE?: number;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'SYNC_WORKERS must be true or false' })
  SYNC_WORKERS?: string;

  @IsOptional()
  @IsInt({ message: 'SYNC_BATCH_SIZE must be a whole number between 1 and 100' })
  @Min(1, { message: 'SYNC_BATCH_SIZE must be a whole number between 1 and 100' })
  @Max(100, { message: 'SYNC_BATCH_SIZE must be a whole number between 1 and 100' })
  SYNC_BATCH_SIZE?: number;

  @IsOptional()
  @IsInt({ message: 'SYNC_JOB_EXPIRE_SECONDS must be a whole number of seconds' })
  @Min(5, { message: 'SYNC_JOB_EXPIRE_SECONDS must be at least 5' })
  SYNC_JOB_EXPIRE_SECONDS?: number;

  @IsOptional()
  @IsInt({ message: 'SYNC_STALE_AFTER_SECONDS must be a whole number of seconds' })
  @Min(2, { message: 'SYNC_STALE_AFTER_SECONDS must be at least 2' })
  SYNC_STALE_AFTER_SECONDS?: number;

  @IsOptional()
  @IsInt({ message: 'SYNC_MAINTENANCE_SECONDS must be a whole number of seconds' })
  @Min(1, { message: 'SYNC_MAINTENANCE_SECONDS must be at least 1' })
  SYNC_MAINTENANCE_SECONDS?: number;

  @IsOptional()
  @IsNumber({}, { message: 'SYNC_POLLING_SECONDS must be a number of seconds' })
  @Min(0.5, { message: 'SYNC_POLLING_SECONDS must be at least 0.5' })
  SYNC_POLLING_SECONDS?: number;

  @IsOptional()
  @IsInt({ message: 'SYNC_RETRY_LIMIT must be a whole number' })
  @Min(0, { message: 'SYNC_RETRY_LIMIT must not be negative' })
  SYNC_RETRY_LIMIT?: number;

  @IsOptional()
  @IsInt({ message: 'SYNC_RETRY_DELAY_SECONDS must be a whole number of seconds' })
  @Min(1, { message: 'SYNC_RETRY_DELAY_SECONDS must be at least 1' })
  SYNC_RETRY_DELAY_SECONDS?: number;
}

const NUMERIC = new Set([
  'PORT',
  'SESSION_IDLE_MINUTES',
  'XERO_SANDBOX_PORT',
  'XERO_SANDBOX_ACCESS_TOKEN_MINUTES',
  'XERO_SANDBOX_LIMIT_PER_MINUTE',
  'XERO_SANDBOX_LIMIT_CONCURRENT',
  'XERO_SANDBOX_LIMIT_PER_DAY',
  'XERO_SANDBOX_FAULT_429',
  'XERO_SANDBOX_FAULT_500',
  'XERO_SANDBOX_FAULT_503',
  'XERO_SANDBOX_FAULT_HANG',
  'XERO_SANDBOX_FAULT_RESET',
  'XERO_SANDBOX_FAULT_GHOST_WRITE',
  'XERO_SANDBOX_LATENCY_MS',
  'XERO_SANDBOX_HANG_MS',
  'XERO_SANDBOX_SEED',
  'XERO_CALLS_PER_MINUTE',
  'SYNC_BATCH_SIZE',
  'SYNC_JOB_EXPIRE_SECONDS',
  'SYNC_STALE_AFTER_SECONDS',
  'SYNC_MAINTENANCE_SECONDS',
  'SYNC_POLLING_SECONDS',
  'SYNC_RETRY_LIMIT',
  'SYNC_RETRY_DELAY_SECONDS',
]);

/** Validates the given variables and returns them typed; throws ConfigError naming the first bad variable. */
export function validateEnvironment(source: Record<string, string | undefined>): Environment {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined || value === '') continue;
    raw[key] = NUMERIC.has(key) && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  }
  const env = plainToInstance(Environment, raw);
  const errors = validateSync(env, { skipMissingProperties: false });
  if (errors.length > 0) {
    const first = errors[0];
    const message = Object.values(first.constraints ?? {})[0] ?? `${first.property} is invalid`;
    throw new ConfigError(first.property, message);
  }
  return env;
}
