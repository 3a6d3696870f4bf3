export { AppConfig, EncryptionKey, EnvironmentSource, SessionConfig, loadConfig } from './app.config';
export { ConfigError } from './config.error';
export { ConfigModule } from './config.module';
export { LogLevel } from './environment';
export { SyncConfig } from './sync.config';
export { loadProcessConfig, loadStandaloneSandboxConfig } from './process-environment';
export { newUserPasswordFromEnvironment } from './cli-environment';
export {
  DEFAULT_XERO_SCOPES,
  SANDBOX_CLIENT_ID,
  SANDBOX_CLIENT_SECRET,
  XeroConfig,
  XeroMode,
  XeroSandboxConfig,
  XeroSandboxFaults,
  XeroSandboxLimits,
} from './xero.config';
