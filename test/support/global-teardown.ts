import { quoteIdent, runAdmin } from './test-database';
import { testState } from './test-state';

export default async function globalTeardown(): Promise<void> {
  if (testState.templateUrl) {
    const template = decodeURIComponent(new URL(testState.templateUrl).pathname.slice(1));
    await runAdmin(testState.templateUrl, (client) =>
      client.query(`DROP DATABASE IF EXISTS ${quoteIdent(template)} WITH (FORCE)`),
    );
  }
  await testState.embedded?.stop();
}
