export { describeUrl, EMBEDDED_DATABASE_NAME, openDatabase } from './database';
export { RunningDatabase, startEmbeddedDatabase } from './embedded-database';
