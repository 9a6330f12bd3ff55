/**
 * Names and URLs of the test run's databases. Names carry the run's pid and a random part,
 * so runs sharing one TEST_DATABASE_URL server never collide.
 */
import { randomBytes } from 'node:crypto';

/** The template database names of one test run. */
export function templateNames(runId: number): { dm: string; env: string } {
  return { dm: `vf_tpl_dm_${runId}`, env: `vf_tpl_env_${runId}` };
}

/** A fresh, unique database name with a readable prefix. */
export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}
