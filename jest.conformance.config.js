/**
 * `npm run test:conformance`: the sandbox's answers checked against Xero's OpenAPI documents, read in place
 * from XERO_OPENAPI_DIR (default ../shared/xero-openapi). Not part of `npm test`, which must not need them.
 */
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: [151002] } }],
};

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform,
  moduleFileExtensions: ['ts', 'js', 'json'],
  globalSetup: '<rootDir>/test/conformance/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
  displayName: 'conformance',
  testMatch: ['<rootDir>/test/conformance/**/*.conformance-spec.ts'],
};
