import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** House boundaries: modules meet only through their index.ts; the Xero SDKs and process.env stay put. */
const moduleBoundaries = {
  // '../sync' or '../../sync' (from a sub-folder) is a module's index; '../sync/anything' is its inside.
  regex: '^(\\.\\./)+(?!index$)[^./][^/]*/(?!index$).+',
  message: "Import another module through its index (e.g. '../sync'), not its internal files.",
};
const xeroSdks = {
  group: ['xero-node', 'xero-node/*', 'openid-client', 'openid-client/*'],
  message: 'Only src/xero/ talks to Xero: use its gateways.',
};
const processEnv = {
  object: 'process',
  property: 'env',
  message: 'Read configuration through AppConfig (src/config/).',
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.data/', 'coverage/', 'test-results/', 'migrations/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [moduleBoundaries, xeroSdks] }],
      'no-restricted-properties': ['error', processEnv],
    },
  },
  {
    files: ['src/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['./*/*', '!./*/index'], message: "Import a module through its index (e.g. './sync')." },
            xeroSdks,
          ],
        },
      ],
    },
  },
  {
    files: ['src/xero/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [moduleBoundaries] }] },
  },
  { files: ['src/config/**/*.ts'], rules: { 'no-restricted-properties': 'off' } },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
