import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatDuration, ProgressReporter } from './progress-reporter.js';

function capture(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    }),
    { isTTY, columns: 200 },
  );
  return { stream, chunks };
}

describe('ProgressReporter', () => {
  it('prints plain lines with ETA when not a TTY', () => {
    const { stream, chunks } = capture(false);
    let now = 0;
    const progress = new ProgressReporter({
      totalSteps: 10,
      stream,
      now: () => now,
      label: 'grpo',
    });
    now = 4000;
    progress.update(2, { loss: 0.5, reward: 0.25, other: 1 });
    // 2 steps in 4 s -> 8 remaining steps take 16 s.
    expect(chunks).toEqual([
      'grpo step 2/10 (20%) elapsed 4s eta 16s | loss 0.5000 | reward 0.2500\n',
    ]);
  });

  it('throttles plain lines on long runs but always prints the last step', () => {
    const { stream, chunks } = capture(false);
    const progress = new ProgressReporter({ totalSteps: 1000, stream, now: () => 0 });
    for (let step = 1; step <= 1000; step += 1) progress.update(step);
    expect(chunks).toHaveLength(50);
    expect(chunks[0]).toMatch(/^train step 20\/1000/);
    expect(chunks.at(-1)).toMatch(/^train step 1000\/1000 \(100%\)/);
  });

  it('redraws one bar on a TTY and ends the line on finish', () => {
    const { stream, chunks } = capture(true);
    let now = 0;
    const progress = new ProgressReporter({ totalSteps: 4, stream, now: () => now });
    now = 1000;
    progress.update(1);
    now = 2000;
    progress.update(4, { loss: 1e-6 });
    progress.finish();
    expect(chunks[0]).toBe('\rtrain [######------------------] 1/4 25% 1s<3s\u001b[K');
    expect(chunks[1]).toBe(
      '\rtrain [########################] 4/4 100% 2s<0s | loss 1.00e-6\u001b[K',
    );
    expect(chunks[2]).toBe('\n');
  });

  it('formats durations', () => {
    expect(formatDuration(3725)).toBe('1h02m');
    expect(formatDuration(185)).toBe('3m05s');
    expect(formatDuration(Number.NaN)).toBe('?');
  });
});
