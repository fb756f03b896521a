// Lint rules, including the dependency direction of ARCHITECTURE.md: hashing and core are pure
// (no other package of ours, no Node built-ins, no I/O libraries), so they run in the browser.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NO_IO_PATTERNS = [
  {
    regex: '^(node:.*|(fs|path|crypto|os|child_process|http|https|net|worker_threads)(/.*)?)$',
    message: 'pure packages do no I/O and must run in the browser.',
  },
  {
    group: ['sharp', 'pg', '@electric-sql/*', 'hono'],
    message: 'pure packages import no I/O libraries.',
  },
];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'coverage/**',
      '.haechi-demo/**',
      '.bench-out/**',
      'haechi-data/**',
      '.cache/**',
      'scratch/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: 'error',
    },
  },
  {
    // Type-aware rules: the compiler knows when a cast or a `!` changes nothing, when a promise is
    // dropped or passed where a void callback is expected. Each file is checked in the program that
    // builds it (a package's tsconfig) or, for tests, benches and scripts, tsconfig.test.json.
    files: ['**/*.{ts,tsx}'],
    ignores: ['packages/console/vite.config.ts'],
    languageOptions: {
      parserOptions: {
        project: ['packages/*/tsconfig.json', 'tsconfig.test.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/no-unnecessary-type-arguments': 'error',
      '@typescript-eslint/no-unnecessary-type-parameters': 'error',
      '@typescript-eslint/no-unnecessary-template-expression': 'error',
      '@typescript-eslint/no-unnecessary-boolean-literal-compare': 'error',
      '@typescript-eslint/no-redundant-type-constituents': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/only-throw-error': 'error',
    },
  },
  {
    // The console runs in the browser and talks to the server only through the public API.
    files: ['packages/console/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@haechi/(?!hashing$|faces$|sdk/openapi-types$)',
              message:
                'the console uses the public API, and in the browser only @haechi/hashing and the face settings it shares with the server (@haechi/faces); the API types come from the generated @haechi/sdk/openapi-types.',
            },
            ...NO_IO_PATTERNS,
          ],
        },
      ],
    },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@haechi/*'], message: 'core imports no other Haechi package.' },
            ...NO_IO_PATTERNS,
          ],
        },
      ],
    },
  },
  {
    files: ['packages/exchange/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@haechi/*', '!@haechi/hashing'],
              message: 'exchange imports only @haechi/hashing.',
            },
            ...NO_IO_PATTERNS,
          ],
        },
      ],
    },
  },
  {
    // Monitoring's decisions (what a page links to, robots rules, pacing) are pure: the server fetches.
    files: ['packages/monitor/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@haechi/*'], message: 'monitor imports no other Haechi package.' },
            ...NO_IO_PATTERNS,
          ],
        },
      ],
    },
  },
  {
    files: ['packages/hashing/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@haechi/*'], message: 'hashing imports no other Haechi package.' },
            ...NO_IO_PATTERNS,
            { regex: '^[^.]', message: 'the hashing package has no runtime dependencies.' },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/faces/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@haechi/*'], message: 'faces imports no other Haechi package.' },
            ...NO_IO_PATTERNS,
            { regex: '^[^.]', message: 'the faces package has no runtime dependencies.' },
          ],
        },
      ],
    },
  },
  {
    // Services hold the rules and never know about HTTP, so the CLI and jobs can reuse them: in a
    // feature folder only the operations (*.route.ts, one each; *.routes.ts, a group), their
    // schemas (*.schema.ts) and the feature object that mounts them (*.feature.ts) speak HTTP.
    files: ['packages/server/src/services/**/*.ts', 'packages/server/src/features/**/*.ts'],
    ignores: [
      '**/*.routes.ts',
      '**/*.route.ts',
      '**/*.schema.ts',
      '**/*.feature.ts',
      '**/*.test.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['hono', 'hono/*', '@hono/*'],
              message: 'services never import the HTTP framework.',
            },
            {
              group: ['**/http/**', '**/*.routes.js', '**/*.route.js', '**/*.schema.js'],
              message: 'services never import the HTTP layer.',
            },
          ],
        },
      ],
    },
  },
  {
    // Platforms install the SDK alone: it may not pull in the server's packages.
    files: ['packages/sdk/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['@haechi/*'], message: 'the SDK imports no other Haechi package.' }],
        },
      ],
    },
  },
  {
    // In tests a wrong index fails the assertion anyway; `!` keeps expectations readable.
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  prettier,
);
