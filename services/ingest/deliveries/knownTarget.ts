/**
 * Fan-out target names given by an operator (`--target`, `?target=`, a replay's target) must be
 * configured ones (`FANOUT_TARGETS`): a typo would otherwise list nothing, or queue deliveries that
 * no sender ever takes.
 */
import { AppError } from '../../shared/errors.ts';

/** Throws `INGEST_TARGET_UNKNOWN` (400 on the admin API) unless `target` is one of `targets`. */
export function assertKnownTarget(target: string, targets: readonly string[]): void {
  if (targets.includes(target)) return;
  const known = targets.length === 0 ? 'none are configured (dry-run mode: FANOUT_TARGETS is empty)' : `configured: ${targets.join(', ')}`;
  throw new AppError('INGEST_TARGET_UNKNOWN', `unknown fan-out target "${target}"; ${known}`, { details: { target, targets } });
}
