// Lint rules that enforce the module boundaries of STYLE.md ("what may import what").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import n from 'eslint-plugin-n';

const zones = [
  // codegen never depends on its own output or on the services.
  { target: './codegen', from: ['./generated', './services'], message: 'codegen reads contracts only.' },
  // generated/ imports only itself (plus npm runtime packages).
  { target: './generated', from: ['./services', './codegen', './bench'], message: 'generated/ imports only itself.' },
  // services/shared is the base layer.
  { target: './services/shared', from: ['./services/ingest', './services/fanout', './services/env-api', './services/cli', './services/stack', './services/simulator', './codegen'], message: 'services/shared imports only itself and generated/.' },
  // Services never import each other: they meet in contracts, generated/ and the database.
  { target: './services/ingest', from: ['./services/stack', './services/simulator', './services/fanout', './services/env-api', './services/cli', './codegen'], message: 'services never import each other.' },
  { target: './services/fanout', from: ['./services/stack', './services/simulator', './services/ingest', './services/env-api', './services/cli', './codegen'], message: 'services never import each other.' },
  { target: './services/env-api', from: ['./services/stack', './services/simulator', './services/ingest', './services/fanout', './services/cli', './codegen'], message: 'services never import each other.' },
  { target: './services/simulator', from: ['./services/ingest', './services/fanout', './services/env-api', './services/cli', './services/stack', './codegen'], message: 'services never import each other.' },
  // services/stack (role assembly: the processes that run several services' parts, like the CLI)
  // may import any service; nothing imports it.
  // Projectors never reach into routes.
  { target: './services/env-api/projectors', from: ['./services/env-api/routes'], message: 'projectors never import routes.' },
];

export default tseslint.config(
  { ignores: ['node_modules/**', '.puppeteerrc.cjs', 'generated/**', '.data/**', 'docs-site/**', 'bench/results/**', 'test-artifacts/**', '**/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.js'],
    plugins: { 'import-x': importX, n },
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      'n/no-process-env': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          // One import extension style: relative imports name the .ts file, run directly under type stripping.
          selector: 'ImportDeclaration[source.value=/^\\.{1,2}\\/.*\\.js$/]',
          message: 'Import relative TypeScript modules with their .ts extension.',
        },
      ],
    },
  },
  {
    // Pure domain modules do not touch transports or drivers.
    files: ['services/*/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['fastify', 'pg', 'slonik', 'graphile-worker', '@clickhouse/client'] }],
    },
  },
  {
    // The one reader of process.env, and the entry points that own the process.
    files: ['services/shared/config/**/*.ts', 'codegen/**/*.ts', 'bench/**/*.ts', 'vitest.config.ts', '**/*.test.ts', '**/test/**/*.ts'],
    rules: { 'n/no-process-env': 'off' },
  },
);
