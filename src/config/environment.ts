import { plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
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

const TOKEN_KEYS_PATTERN =
  /^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=)*$/;

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
}

const NUMERIC = new Set(['PORT', 'SESSION_IDLE_MINUTES']);

/** Validates the given variables and returns them typed; throws ConfigError naming the first bad variable. */
export function validateEnvironment(source: Record<string, string | undefined>): Environment {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined || value === '') continue;
    raw[key] = NUMERIC.has(key) && /^\d+$/.test(value.trim()) ? Number(value) : value;
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
