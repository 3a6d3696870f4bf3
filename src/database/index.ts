export { describeUrl, EMBEDDED_DATABASE_NAME, openDatabase } from './database';
export {
  DatabaseOutage,
  databaseOutage,
  isDatabaseUnavailable,
  reportDatabaseError,
  reportDatabaseReachable,
  watchPool,
} from './database-outage';
export { DatabaseLog, RunningDatabase, startEmbeddedDatabase } from './embedded-database';
export { applyMigrations, withAdvisoryLock } from './migrations';
export { LrmPostgreSqlDriver } from './postgresql.driver';
export { describeDatabaseError, withoutBoundValues } from './query-errors';
