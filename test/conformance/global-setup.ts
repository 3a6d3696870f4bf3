import globalSetup from '../support/global-setup';
import { missingDocuments, openApiDir } from './openapi';

/** Stops at once, saying where it looked, when Xero's OpenAPI documents are not there. */
export default async function conformanceSetup(): Promise<void> {
  const missing = missingDocuments();
  if (missing.length > 0) {
    throw new Error(
      `Xero's OpenAPI documents were not found in ${openApiDir()} (missing: ${missing.join(', ')}). ` +
        'Set XERO_OPENAPI_DIR to the folder holding xero_accounting.yaml and xero-identity.yaml.',
    );
  }
  await globalSetup();
}
