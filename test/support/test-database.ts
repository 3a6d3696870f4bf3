import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Environment variable through which the global setup hands the migrated template to every test file. */
export const TEMPLATE_URL_VARIABLE = 'LRM_TEST_TEMPLATE_URL';

export function assertTestDatabaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/test/i.test(name)) {
    throw new Error(`Refusing to use database "${name}" for tests: its name must contain "test".`);
  }
  return name;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

export async function runAdmin<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A database of this test file's own: a clone of the migrated template (or an empty database), dropped at
 * the end, so test files run in parallel without seeing each other's rows.
 */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const templateUrl = process.env[TEMPLATE_URL_VARIABLE];
  if (!templateUrl) throw new Error(`${TEMPLATE_URL_VARIABLE} is not set: run the tests through jest`);
  const template = assertTestDatabaseName(templateUrl);
  const name = `${template.replace(/_template$/, '')}_${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(4).toString('hex')}`;
  await runAdmin(templateUrl, (client) =>
    client.query(
      `CREATE DATABASE ${quoteIdent(name)}${options.empty ? '' : ` TEMPLATE ${quoteIdent(template)}`}`,
    ),
  );
  return {
    url: withDatabase(templateUrl, name),
    drop: () =>
      runAdmin(templateUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
      ).then(() => undefined),
  };
}
