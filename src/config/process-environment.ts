import { config as loadDotenv } from 'dotenv';
import { existsSync } from 'node:fs';
import { AppConfig, loadConfig } from './app.config';

/** Loads the configuration from the process environment, reading `.env` first when it exists. */
export function loadProcessConfig(): AppConfig {
  if (existsSync('.env')) loadDotenv({ path: '.env', quiet: true });
  return loadConfig(process.env);
}
