/**
 * Starts tasks at a steady rate with a cap on how many run at once: every tick it starts the
 * tasks due since the start (`elapsed × rate`), unless `maxInFlight` are still running. When the
 * receiver cannot keep up the schedule slips (at most one second of backlog is kept), instead of
 * piling up promises without bound.
 */

/** Options of {@link startRateScheduler}. */
export interface RateSchedulerOptions {
  /** Tasks started per second, > 0. */
  readonly ratePerSecond: number;
  /** Tasks running at most at once, ≥ 1. */
  readonly maxInFlight: number;
  /** Stop starting tasks after this long; run until `stop()` when absent. */
  readonly durationMs?: number;
  /** One unit of work; must not reject (a rejection is swallowed). */
  readonly task: () => Promise<void>;
  /** Milliseconds; default `performance.now`. */
  readonly now?: () => number;
}

/** A running scheduler. */
export interface RateScheduler {
  /** Tasks running now. */
  inFlight(): number;
  /** Tasks not started on time because `maxInFlight` were running (dropped from the schedule). */
  slipped(): number;
  /** Stops starting tasks; resolves once the running ones finished. */
  stop(): Promise<void>;
  /** Resolves once stopped (by `stop()` or `durationMs`) and drained. */
  readonly finished: Promise<void>;
}

const TICK_MS = 20;

/** Starts the scheduler at once. */
export function startRateScheduler(options: RateSchedulerOptions): RateScheduler {
  if (!(options.ratePerSecond > 0) || !Number.isFinite(options.ratePerSecond)) throw new RangeError(`rate must be a positive number, got ${options.ratePerSecond}`);
  if (!Number.isInteger(options.maxInFlight) || options.maxInFlight < 1) throw new RangeError(`maxInFlight must be a positive integer, got ${options.maxInFlight}`);
  const now = options.now ?? (() => performance.now());
  const startedAt = now();
  let started = 0;
  let slipped = 0;
  let running = 0;
  let stopped = false;
  let resolveFinished: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    resolveFinished = resolve;
  });

  const settle = (): void => {
    if (stopped && running === 0) resolveFinished();
  };
  const launch = (): void => {
    running += 1;
    options
      .task()
      .catch(() => undefined)
      .finally(() => {
        running -= 1;
        settle();
      });
  };
  const halt = (): void => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    settle();
  };
  const tick = (): void => {
    const elapsed = now() - startedAt;
    const horizon = options.durationMs === undefined ? elapsed : Math.min(elapsed, options.durationMs);
    const due = Math.floor((horizon / 1000) * options.ratePerSecond);
    // Keep at most one second of backlog: older due tasks are dropped, so a slow receiver slows us down.
    const backlogCap = Math.max(1, Math.ceil(options.ratePerSecond));
    if (due - started > backlogCap) {
      slipped += due - started - backlogCap;
      started = due - backlogCap;
    }
    while (started < due && running < options.maxInFlight) {
      started += 1;
      launch();
    }
    if (options.durationMs !== undefined && elapsed >= options.durationMs) halt();
  };
  // Declared after `halt`, which only runs from a tick or `stop()`, both after this line.
  const timer = setInterval(tick, TICK_MS);
  tick();

  return {
    inFlight: () => running,
    slipped: () => slipped,
    stop: async () => {
      halt();
      await finished;
    },
    finished,
  };
}
