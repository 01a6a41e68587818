// A small rule set: typescript-eslint's recommended rules (no type information, so linting stays fast), with the
// exceptions this code base relies on stated here rather than in comments across the code.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Imports go through each package's `exports` map, never into another package's src/.
const throughExports = {
  group: ['@face/*/src', '@face/*/src/*'],
  message: "Import through the package's exports map (its package.json lists the entries).",
};
// The pipeline's layers: shared helpers and regions import no stage; a stage imports no other stage and never
// the model runtime (it sees the port, face-models/port.ts).
const STAGES = ['geometry', 'texture', 'color', 'context'];
const noStage = {
  group: STAGES.flatMap((stage) => [`../${stage}`, `../${stage}/*`]),
  message: 'A stage imports no other stage: move what both need to shared/ or regions/.',
};
const noRuntime = {
  group: ['../face-models/runtime', '../face-models/onnx-delegate', '../onnx/*'],
  message: 'Stages see the face-model port (face-models/port.ts), not the runtime.',
};

// The API process loads of the pipeline only the photo checks and types: no stage, no fitted model, no model
// runtime (ONNX Runtime and Human cost it ~0.6 s and hundreds of MB). Nor do the packages it uses.
const API_SIDE = [
  'apps/api',
  ...[
    'catalog',
    'config',
    'db',
    'errors',
    'links',
    'logger',
    'norms',
    'outbound',
    'presenters',
    'queue',
    'storage',
    'telemetry',
    'webhooks',
  ].map((name) => `packages/${name}`),
];
const pipelineRuns = [
  '@face/pipeline',
  '@face/pipeline/models',
  '@face/pipeline/stages',
  '@face/pipeline/face-models',
  '@face/pipeline/thread',
  '@face/calibration',
].map((name) => ({
  name,
  message: 'The API side imports only @face/pipeline/image and @face/pipeline/types (it never runs the pipeline).',
}));

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
      'no-restricted-imports': ['error', { patterns: [throughExports] }],
    },
  },
  {
    files: API_SIDE.map((dir) => `${dir}/src/**/*.ts`),
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: pipelineRuns, patterns: [throughExports] }] },
  },
  {
    files: ['packages/pipeline/src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../*', '!../types'], message: 'shared/ helpers import nothing of the pipeline but its types.' },
          ],
        },
      ],
    },
  },
  {
    files: [...STAGES, 'regions'].map((folder) => `packages/pipeline/src/${folder}/**/*.ts`),
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [throughExports, noStage, noRuntime] }] },
  },
  {
    // lazy requires: modules loaded only by the deployments or runs that need them (the AWS SDK, TensorFlow.js for
    // fitting, the ONNX session worker), required so the compiled CommonJS build resolves them as tsx does
    files: [
      'packages/storage/src/index.ts',
      'packages/calibration/src/fit-age-gender.ts',
      'packages/pipeline/src/face-models/runtime.ts',
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
