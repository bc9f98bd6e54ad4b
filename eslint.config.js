// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Code style and correctness. The dependency rule (which folder may import which, no
 * cycles) lives in .dependency-cruiser.cjs and runs in the same `npm run lint`.
 */
export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'web/dist/', '.mark0/', 'test-results/', '.dependency-cruiser.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Bundle size, not layering: the chainable zod build adds ~450 KB to every Lambda bundle (cold starts).
    files: ['lambdas/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'zod', message: "Use 'zod/mini': the chainable build adds ~450 KB to every bundle (cold starts)." }] }],
    },
  },
  {
    // Small files named for what they hold: a source file past 400 lines is two files.
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['test/**', '**/*.test.ts', '**/*.test.tsx'],
    rules: { 'max-lines': ['error', { max: 400 }] },
  },
  {
    files: ['test/**/*.ts', 'web/**/*.test.ts', 'web/**/*.test.tsx'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
