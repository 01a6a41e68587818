/** Jest runs TypeScript through SWC (type-checking is `npm run typecheck`). */
module.exports = {
  testEnvironment: '<rootDir>/test/helpers/node-environment.js',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  testMatch: ['**/?(*.)spec.ts', '**/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/.data/', '/dist/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  testTimeout: 120000,
};
