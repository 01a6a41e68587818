// A small rule set: typescript-eslint's recommended rules (no type information, so linting stays fast), with the
// exceptions this code base relies on stated here rather than in comments across the code.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', '.data/', 'test-artifacts/', 'db_backup/', '**/*.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_`-prefixed names are deliberately unused (destructuring to drop a field)
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // lazy requires: modules loaded only by the deployments or runs that need them (the AWS SDK, TensorFlow.js for
    // fitting, the ONNX session worker), required so the compiled CommonJS build resolves them as tsx does
    files: [
      'packages/storage/src/index.ts',
      'packages/calibration/src/fit-age-gender.ts',
      'packages/pipeline/src/human/runtime.ts',
      'packages/pipeline/src/onnx/sync-session.ts',
      'packages/pipeline/test/reference-tfjs.ts',
    ],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // the dashboard's script runs in the browser, with Chart.js loaded by the page
    files: ['apps/api/src/ops/public/*.js'],
    languageOptions: { globals: { ...globals.browser, Chart: 'readonly' } },
  },
  {
    // CommonJS configuration and the Jest environment
    files: ['*.config.js', 'test/helpers/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // tests read untyped JSON answers
    files: ['**/*.spec.ts', 'test/**/*.ts', '**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
