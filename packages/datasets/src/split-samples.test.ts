import { describe, expect, it } from 'vitest';
import type { MerSample } from './mer-sample.js';
import { splitSamples } from './split-samples.js';

const samples = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ name: `s${index}` }) as unknown as MerSample);

describe('splitSamples', () => {
  it('cuts disjoint splits that cover every sample', () => {
    const { train, validation, test } = splitSamples(samples(10), { seed: 3 });
    expect([train.length, validation.length, test.length]).toEqual([7, 1, 2]);
    const names = [...train, ...validation, ...test].map((sample) => sample.name).sort();
    expect(names).toEqual(
      samples(10)
        .map((sample) => sample.name)
        .sort(),
    );
  });

  it('refuses a split with zero test or zero train samples', () => {
    for (const [count, options] of [
      [2, {}],
      [4, { test: 0 }],
      [3, { test: 0.5, validation: 0.45 }],
    ] as const) {
      expect(() => splitSamples(samples(count), options)).toThrowError(
        expect.objectContaining({
          code: 'INVALID_ARGUMENT',
          message: expect.stringContaining('test'),
        }),
      );
    }
  });
});
