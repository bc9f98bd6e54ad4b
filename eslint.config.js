// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'web/dist/', '.mark0/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['lambdas/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'zod', message: "Use 'zod/mini': the chainable build adds ~450 KB to every bundle (cold starts)." }],
          patterns: ['**/bin/**', '**/lib/**', 'aws-cdk-lib', 'aws-cdk-lib/*'],
        },
      ],
    },
  },
  {
    // The dependency rule of ARCHITECTURE.md: the core is pure, handlers never reach into the local runtime or CDK.
    files: ['lambdas/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'zod', message: "Use 'zod/mini': the chainable build adds ~450 KB to every bundle (cold starts)." }],
          patterns: ['@aws-sdk/*', '**/adapters/**', '**/handlers/**', '**/bin/**', '**/lib/**', 'node:fs', 'node:http', 'openai', 'aws-cdk-lib', 'aws-cdk-lib/*'],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'web/**/*.test.ts', 'web/**/*.test.tsx'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
