/**
 * A progress bar for long CLI work (`vf replay`, `vf projector rebuild`), drawn with cli-progress
 * on stderr, and only when stderr is a terminal: piped or captured output (CI, `--json | jq`, the
 * tests) gets none of its control characters.
 */
import cliProgress from 'cli-progress';

/** Where the bar draws: a stream that says whether it is a terminal. */
export interface ProgressStream extends NodeJS.WritableStream {
  readonly isTTY?: boolean;
}

/** Reports progress; `stop` ends the bar (and must be called, also after a failure). */
export interface ProgressBar {
  update(progress: { readonly done: number; readonly total: number | null }): void;
  stop(): void;
}

const silent: ProgressBar = { update: () => undefined, stop: () => undefined };

/** A bar on `stream` labelled `label`, or a silent one when `stream` is not a terminal. */
export function createProgressBar(stream: ProgressStream, label: string): ProgressBar {
  if (stream.isTTY !== true) return silent;
  const bar = new cliProgress.SingleBar(
    { stream, format: `${label} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}`, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: ({ done, total }) => {
      // Unknown total: the count so far stands in, so the bar still moves.
      const end = Math.max(total ?? done, done, 1);
      if (!started) {
        bar.start(end, done);
        started = true;
      } else {
        bar.setTotal(end);
        bar.update(done);
      }
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
