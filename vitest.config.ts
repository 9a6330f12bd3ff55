import { defineConfig } from 'vitest/config';

// One PostgreSQL per test run with migrated template databases (services/shared/testkit).
const pgSetup = './services/shared/testkit/globalSetup.ts';

// Test kinds by file name (emmett): .unit (no I/O), .int (real PostgreSQL / ClickHouse), .e2e (several services),
// .faults (faults injected into running roles).
// Two cores: keep parallelism modest.
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['**/*.unit.test.ts'], exclude: ['node_modules/**'] } },
      { extends: true, test: { name: 'int', include: ['**/*.int.test.ts'], exclude: ['node_modules/**'], globalSetup: [pgSetup] } },
      { extends: true, test: { name: 'e2e', include: ['**/*.e2e.test.ts'], exclude: ['node_modules/**'], globalSetup: [pgSetup] } },
      // Fault injection (kill -9, stopped databases, dropped connections) against whole roles; slow.
      { extends: true, test: { name: 'faults', include: ['**/*.faults.test.ts'], exclude: ['node_modules/**'], globalSetup: [pgSetup], testTimeout: 300_000 } },
    ],
  },
});
