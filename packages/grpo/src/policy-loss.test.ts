import { expectNoLeak, expectR1kitError } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { expectClose } from '../test/helpers.js';
import type { LossType } from './aggregate-loss.js';
import { policyLoss } from './policy-loss.js';
import type { PolicyLossInputs, PolicyLossOptions } from './policy-loss-options.js';

// Spec §2.2 test batch: 3 sequences, padded width 4.
const logpRows = [
  [-1.0, -0.5, -2.0, 0],
  [-0.3, -1.5, 0, 0],
  [-0.2, 0, 0, 0],
];
const oldRows = [
  [-1.25, -0.4, -2.0, 0],
  [-0.6, -1.0, 0, 0],
  [-1.7, 0, 0, 0],
];
const refRows = [
  [-1.2, -0.7, -1.5, 0],
  [-0.5, -1.0, 0, 0],
  [-0.4, 0, 0, 0],
];
const maskRows = [
  [1, 1, 1, 0],
  [1, 1, 0, 0],
  [1, 0, 0, 0],
];
const advantages = [1.0, -1.0, -0.5];
const logp = tf.tensor2d(logpRows);
const oldLogp = tf.tensor2d(oldRows);
const refLogp = tf.tensor2d(refRows);
const mask = tf.tensor2d(maskRows);
afterAll(() => tf.dispose([logp, oldLogp, refLogp, mask]));

const base: PolicyLossInputs = { logp, oldLogp, advantages, mask };

function lossValue(inputs: PolicyLossInputs, options: PolicyLossOptions): number {
  return expectNoLeak(() => {
    const { loss } = policyLoss(inputs, options);
    const value = loss.dataSync()[0]!;
    loss.dispose();
    return value;
  });
}

const symmetric = { epsilon: 0.2, dualClip: false } as const;
const clipHigher = { epsilon: 0.2, epsilonHigh: 0.28, dualClip: false } as const;
const dual = { epsilon: 0.2, dualClip: 3 } as const;
const columns = [symmetric, clipHigher, dual];

describe('policyLoss: spec §2.2 per-token losses', () => {
  const cases = [
    { options: symmetric, expected: [[-1.2, -0.904837, -1.0], [1.349859, 0.8], [2.240845]] },
    { options: clipHigher, expected: [[-1.28, -0.904837, -1.0], [1.349859, 0.8], [2.240845]] },
    { options: dual, expected: [[-1.2, -0.904837, -1.0], [1.349859, 0.8], [1.5]] },
  ];
  for (const { options, expected } of cases) {
    it(`matches with ${JSON.stringify(options)} for every preset`, () => {
      for (const preset of ['trl', 'verl', 'openrlhf'] as const) {
        expected.forEach((row, b) => {
          row.forEach((value, t) => {
            // Isolate one token with a one-hot mask; token-sum then returns its loss.
            const single = tf.tensor2d(
              maskRows.map((r, i) => r.map((_, j) => (i === b && j === t ? 1 : 0))),
            );
            const got = lossValue(
              { ...base, mask: single },
              { ...options, preset, lossType: 'token-sum' },
            );
            single.dispose();
            expectClose(got, value, 2e-6);
          });
        });
      }
    });
  }
});

describe('policyLoss: spec §2.2 aggregated losses', () => {
  const rows: {
    lossType: LossType;
    presets: ('trl' | 'verl' | 'openrlhf')[];
    values: number[];
  }[] = [
    {
      lossType: 'dapo',
      presets: ['trl', 'verl', 'openrlhf'],
      values: [0.214311, 0.200978, 0.090837],
    },
    {
      lossType: 'grpo',
      presets: ['trl', 'verl'],
      values: [0.760276, 0.751387, 0.513328],
    },
    { lossType: 'seq-mean-token-sum', presets: ['verl'], values: [0.428622, 0.401955, 0.181674] },
    {
      lossType: 'dr_grpo',
      presets: ['trl', 'verl'],
      values: [0.107155, 0.100489, 0.045418],
    },
    { lossType: 'token-sum', presets: ['verl'], values: [1.285866, 1.205866, 0.545021] },
  ];
  for (const { lossType, presets, values } of rows) {
    it(`${lossType} (${presets.join(', ')})`, () => {
      for (const preset of presets) {
        columns.forEach((column, i) => {
          const got = lossValue(base, {
            ...column,
            preset,
            lossType,
            maxCompletionLength: 4,
          });
          expectClose(got, values[i]!, 2e-6);
        });
      }
    });
  }

  it('verl before Feb 2026 (Σ/L, no division by sequences) equals token-sum / 4', () => {
    [0.321466, 0.301466, 0.136255].forEach((expected, i) => {
      expectClose(lossValue(base, { ...columns[i]!, lossType: 'token-sum' }) / 4, expected, 2e-6);
    });
  });

  it('maxCompletionLength defaults to the padded width and can be set', () => {
    expectClose(lossValue(base, { ...symmetric, lossType: 'dr_grpo' }), 0.107155, 2e-6);
    expectClose(
      lossValue(base, {
        ...symmetric,
        lossType: 'dr_grpo',
        maxCompletionLength: 8,
      }),
      0.107155 / 2,
      2e-6,
    );
  });
});

describe('policyLoss: spec §2.2 KL in the loss (beta 0.04, k3)', () => {
  const kl = { ...base, refLogp };
  const lossTypes: LossType[] = ['dapo', 'grpo', 'dr_grpo', 'seq-mean-token-sum'];
  it('matches TRL and verl for both clip settings without dual-clip', () => {
    const expected = [
      [0.216793, 0.76247, 0.108397, 0.433587],
      [0.20346, 0.753581, 0.10173, 0.40692],
    ];
    for (const preset of ['trl', 'verl'] as const) {
      [symmetric, clipHigher].forEach((column, i) => {
        lossTypes.forEach((lossType, j) => {
          const got = lossValue(kl, {
            ...column,
            preset,
            beta: 0.04,
            klEstimator: 'k3',
            lossType,
          });
          expectClose(got, expected[i]![j]!, 2e-6);
        });
      });
    }
  });

  it('matches verl defaults (dual-clip 3, low_var_kl)', () => {
    const expected = [
      [0.093319, 0.515521, 0.04666, 0.186639],
      [0.079986, 0.506633, 0.039993, 0.159972],
    ];
    [{ epsilon: 0.2 }, { epsilon: 0.2, epsilonHigh: 0.28 }].forEach((column, i) => {
      lossTypes.forEach((lossType, j) => {
        const got = lossValue(kl, { ...column, preset: 'verl', beta: 0.04, lossType });
        expectClose(got, expected[i]![j]!, 2e-6);
      });
    });
  });

  it('matches OpenRLHF (token-mean, k3)', () => {
    expectClose(
      lossValue(kl, { ...symmetric, preset: 'openrlhf', beta: 0.04, klEstimator: 'k3' }),
      0.216793,
      2e-6,
    );
    expectClose(
      lossValue(kl, { ...clipHigher, preset: 'openrlhf', beta: 0.04, klEstimator: 'k3' }),
      0.20346,
      2e-6,
    );
  });

  it('OpenRLHF token-mean-aggregates the KL even in a sequence loss type', () => {
    const pg = lossValue(base, { ...symmetric, lossType: 'grpo' });
    const got = lossValue(kl, {
      ...symmetric,
      preset: 'openrlhf',
      beta: 0.04,
      klEstimator: 'k3',
      lossType: 'grpo',
    });
    expectClose(got, pg + 0.04 * 0.062061, 2e-6);
  });
});

describe('policyLoss: metrics', () => {
  it('reports clip fractions, approx KL, KL mean and dual-clip fraction (spec §2.2)', () => {
    for (const column of columns) {
      const { loss, metrics } = policyLoss({ ...base, refLogp }, { ...column, beta: 0.04 });
      loss.dispose();
      expectClose(metrics!.clipFractionLow, 1 / 6, 1e-6);
      expectClose(metrics!.clipFractionHigh, 1 / 6, 1e-6);
      expectClose(metrics!.clipFractionRegion, 2 / 6, 1e-6);
      expectClose(metrics!.approxKl, -0.241667, 1e-6);
      expectClose(metrics!.klMean!, 0.062061, 1e-6);
      expectClose(metrics!.dualClipFraction, column.dualClip === 3 ? 1 / 6 : 0, 1e-6);
      expect(metrics!.entropy).toBeUndefined();
    }
  });

  it('computeMetrics: false skips them', () => {
    const { loss, metrics } = policyLoss(base, { computeMetrics: false });
    loss.dispose();
    expect(metrics).toBeUndefined();
  });
});

describe('policyLoss: conventions', () => {
  it('without oldLogp the ratio is 1: value −mean(A), gradient −A/N per token', () => {
    expectNoLeak(() => {
      const grad = tf.grad((x: tf.Tensor) => policyLoss({ logp: x, advantages, mask }).loss)(logp);
      const expected = maskRows.flatMap((row, b) => row.map((m) => (-advantages[b]! * m) / 6));
      expectClose(grad.dataSync(), expected, 1e-7);
      grad.dispose();
    });
    expectClose(lossValue({ logp, advantages, mask }, {}), -(3 * 1 - 2 - 0.5) / 6, 1e-7);
  });

  it('TRL counts fully masked sequences in the sequence means; verl does not', () => {
    const pad = (rows: number[][], fill: number) =>
      tf.tensor2d([...rows, [fill, fill, fill, fill]]);
    const inputs = {
      logp: pad(logpRows, -1),
      oldLogp: pad(oldRows, -1),
      advantages: [...advantages, 1],
      mask: pad(maskRows, 0),
    };
    const lossTypes = { grpo: 0.760276, dr_grpo: 0.107155 } as const;
    for (const [lossType, value] of Object.entries(lossTypes)) {
      const options = { ...symmetric, lossType: lossType as LossType };
      expectClose(lossValue(inputs, { ...options, preset: 'trl' }), (value * 3) / 4, 2e-6);
      expectClose(lossValue(inputs, { ...options, preset: 'verl' }), value, 2e-6);
    }
    tf.dispose([inputs.logp, inputs.oldLogp, inputs.mask]);
  });

  it('accepts per-token advantages [batch, time] and a Float64Array', () => {
    const perToken = tf.tensor2d(maskRows.map((row, b) => row.map(() => advantages[b]!)));
    expectClose(lossValue({ ...base, advantages: perToken }, symmetric), 0.214311, 2e-6);
    expectClose(
      lossValue({ ...base, advantages: Float64Array.from(advantages) }, symmetric),
      0.214311,
      2e-6,
    );
    perToken.dispose();
  });
});

describe('policyLoss: bad input', () => {
  it('rejects mismatched shapes naming the argument', () => {
    const narrow = tf.zeros([3, 3]);
    const vector = tf.zeros([3]);
    expectR1kitError(
      () => policyLoss({ ...base, oldLogp: narrow }),
      'SHAPE_MISMATCH',
      'inputs.oldLogp',
      '[3, 4]',
    );
    expectR1kitError(() => policyLoss({ ...base, mask: narrow }), 'SHAPE_MISMATCH', 'inputs.mask');
    expectR1kitError(
      () => policyLoss({ ...base, refLogp: narrow }),
      'SHAPE_MISMATCH',
      'inputs.refLogp',
    );
    expectR1kitError(
      () => policyLoss({ ...base, advantages: [1, 2] }),
      'SHAPE_MISMATCH',
      'inputs.advantages',
      '3 advantages',
    );
    expectR1kitError(
      () => policyLoss({ ...base, advantages: narrow }),
      'SHAPE_MISMATCH',
      'inputs.advantages',
    );
    expectR1kitError(
      () => policyLoss({ ...base, logits: narrow }),
      'SHAPE_MISMATCH',
      'inputs.logits',
    );
    expectR1kitError(
      () => policyLoss({ ...base, logp: vector }),
      'SHAPE_MISMATCH',
      'inputs.logp',
      'rank 2',
    );
    tf.dispose([narrow, vector]);
  });

  it('rejects an empty or non-binary mask', () => {
    const empty = tf.zeros([3, 4]);
    const twos = tf.fill([3, 4], 2);
    expectR1kitError(
      () => policyLoss({ ...base, mask: empty }),
      'INVALID_ARGUMENT',
      'inputs.mask',
      'at least one valid',
    );
    expectR1kitError(
      () => policyLoss({ ...base, mask: twos }),
      'INVALID_ARGUMENT',
      'inputs.mask',
      '0 or 1',
    );
    tf.dispose([empty, twos]);
  });

  it('rejects negative epsilons and bad coefficients', () => {
    expectR1kitError(
      () => policyLoss(base, { epsilon: -0.1 }),
      'INVALID_ARGUMENT',
      'options.epsilon',
      'received -0.1',
    );
    expectR1kitError(
      () => policyLoss(base, { epsilonHigh: -0.1 }),
      'INVALID_ARGUMENT',
      'options.epsilonHigh',
    );
    expectR1kitError(
      () => policyLoss(base, { dualClip: 0.5 }),
      'INVALID_ARGUMENT',
      'options.dualClip',
    );
    expectR1kitError(() => policyLoss(base, { beta: -1 }), 'INVALID_ARGUMENT', 'options.beta');
    expectR1kitError(() => policyLoss(base, { beta: 0.1 }), 'INVALID_ARGUMENT', 'inputs.refLogp');
    expectR1kitError(
      () => policyLoss(base, { entropyCoef: 0.01 }),
      'INVALID_ARGUMENT',
      'inputs.logits',
    );
    expectR1kitError(
      () => policyLoss(base, { lossType: 'sum' as never }),
      'INVALID_ARGUMENT',
      'options.lossType',
    );
    expectR1kitError(
      () => policyLoss(base, { maxCompletionLength: 0 }),
      'INVALID_ARGUMENT',
      'options.maxCompletionLength',
    );
  });

  it('rejects NaN advantages and raises NUMERIC_ERROR instead of returning a NaN loss', () => {
    expectR1kitError(
      () => policyLoss({ ...base, advantages: [1, Number.NaN, 0] }),
      'NUMERIC_ERROR',
      'inputs.advantages[1]',
    );
    const bad = tf.tensor2d([
      [Number.NaN, -0.5, -2, 0],
      [-0.3, -1.5, 0, 0],
      [-0.2, 0, 0, 0],
    ]);
    expectNoLeak(() =>
      expectR1kitError(() => policyLoss({ ...base, logp: bad }), 'NUMERIC_ERROR', 'NaN'),
    );
    bad.dispose();
  });
});
