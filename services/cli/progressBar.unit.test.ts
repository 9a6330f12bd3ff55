import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressBar, type ProgressStream } from './progressBar.ts';

function stream(isTTY: boolean): { stream: ProgressStream; written: () => string } {
  const chunks: string[] = [];
  const pass = new PassThrough();
  pass.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  // cli-progress asks a terminal stream for its size and moves the cursor on it.
  const tty = Object.assign(pass, { isTTY, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return { stream: tty, written: () => chunks.join('') };
}

describe('createProgressBar', () => {
  it('draws nothing when the stream is not a terminal', async () => {
    const s = stream(false);
    const bar = createProgressBar(s.stream, 'replay');
    bar.update({ done: 0, total: 10 });
    bar.update({ done: 10, total: 10 });
    bar.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(s.written()).toBe('');
  });

  it('draws the label and the count on a terminal', async () => {
    const s = stream(true);
    const bar = createProgressBar(s.stream, 'replay');
    bar.update({ done: 0, total: 10 });
    bar.update({ done: 4, total: 10 });
    bar.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(s.written()).toMatch(/replay \[.*\] \d+% \| \d+\/10/);
  });
});
