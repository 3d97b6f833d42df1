import { expectNoLeak, expectR1kitError } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../test/helpers.js';
import { policyLoss } from './policy-loss.js';
import type { PolicyLossOptions } from './policy-loss-options.js';

// Issue 15 item 8: huge log-ratios on tokens whose surrogate is clipped. Every expected number is
// the spec's formula (§2.2 clip / dual-clip / delta, §2.4 SAPO and CISPO) on two tokens: token 0
// has log-ratio `huge` (its ratio overflows float32), token 1 has log-ratio 0.1 (ρ = e^0.1).
const rho = Math.exp(0.1);

/** Loss and gradient w.r.t. logp of one sequence [0, 0] with old log-probs [−huge, −0.1]. */
function lossAndGradient(huge: number, advantage: number, options: PolicyLossOptions) {
  const logp = tf.tensor2d([[0, 0]]);
  const oldLogp = tf.tensor2d([[-huge, -0.1]]);
  const mask = tf.tensor2d([[1, 1]]);
  let loss = Number.NaN;
  let gradient: Float32Array = new Float32Array();
  expectNoLeak(() => {
    const { value, grad } = tf.valueAndGrad(
      (x: tf.Tensor) =>
        policyLoss({ logp: x, oldLogp, advantages: [advantage], mask }, options).loss,
    )(logp);
    loss = value.dataSync()[0]!;
    gradient = grad.dataSync() as Float32Array;
    tf.dispose([value, grad]);
  });
  tf.dispose([logp, oldLogp, mask]);
  return { loss, gradient: Array.from(gradient) };
}

describe('policyLoss: finite loss implies finite gradient at huge log-ratios', () => {
  for (const huge of [89, 1e4]) {
    it(`TRL clip, A > 0, log-ratio +${huge}: −A·(1+ε) on the clipped token, gradient 0 there`, () => {
      const { loss, gradient } = lossAndGradient(huge, 1, { preset: 'trl' });
      expectClose(loss, (-1.2 - rho) / 2, 1e-6);
      expectClose(gradient, [0, -rho / 2], 1e-6);
    });

    it(`TRL clip, A < 0 with dualClip 3, log-ratio +${huge}: capped at −A·c`, () => {
      const { loss, gradient } = lossAndGradient(huge, -1, { preset: 'trl', dualClip: 3 });
      expectClose(loss, (3 + rho) / 2, 1e-6);
      expectClose(gradient, [0, rho / 2], 1e-6);
    });

    it(`TRL two-sided clipping (delta 2), A < 0, log-ratio +${huge}: −A·delta`, () => {
      const { loss, gradient } = lossAndGradient(huge, -1, { preset: 'trl', delta: 2 });
      expectClose(loss, (2 + rho) / 2, 1e-6);
      expectClose(gradient, [0, rho / 2], 1e-6);
    });
  }

  it('SAPO (τ 1): the saturated gate is 4/τ with zero gradient', () => {
    const { loss, gradient } = lossAndGradient(1e4, 1, { surrogate: 'sapo' });
    const s = 1 / (1 + Math.exp(-(rho - 1)));
    expectClose(loss, (-4 - 4 * s) / 2, 1e-6);
    expectClose(gradient, [0, (-4 * s * (1 - s) * rho) / 2], 1e-6);
  });

  it('CISPO (TRL cap 5): the stop-gradient weight is the cap, −sg(w)·A per token', () => {
    const logp = tf.tensor2d([[-1, -0.5]]);
    const oldLogp = tf.tensor2d([[-1 - 1e4, -0.6]]);
    const mask = tf.tensor2d([[1, 1]]);
    expectNoLeak(() => {
      const { value, grad } = tf.valueAndGrad(
        (x: tf.Tensor) =>
          policyLoss(
            { logp: x, oldLogp, advantages: [1], mask },
            { surrogate: 'cispo', cispoMaxWeight: 5 },
          ).loss,
      )(logp);
      expectClose(value.dataSync()[0]!, (5 + rho * 0.5) / 2, 1e-6);
      expectClose(grad.dataSync(), [-2.5, -rho / 2], 1e-6);
      tf.dispose([value, grad]);
    });
    tf.dispose([logp, oldLogp, mask]);
  });

  it('GSPO sequence ratio e^1e4 with A > 0: clipped, gradient 0', () => {
    const logp = tf.tensor2d([[0, 0]]);
    const oldLogp = tf.tensor2d([[-1e4, -1e4]]);
    const mask = tf.tensor2d([[1, 1]]);
    expectNoLeak(() => {
      const { value, grad } = tf.valueAndGrad(
        (x: tf.Tensor) =>
          policyLoss(
            { logp: x, oldLogp, advantages: [1], mask },
            { importanceSamplingLevel: 'sequence' },
          ).loss,
      )(logp);
      expectClose(value.dataSync()[0]!, -1.2, 1e-6);
      expectClose(grad.dataSync(), [0, 0], 0);
      tf.dispose([value, grad]);
    });
    tf.dispose([logp, oldLogp, mask]);
  });

  it('metrics still count the overflowing token as clipped', () => {
    const logp = tf.tensor2d([[0, 0]]);
    const oldLogp = tf.tensor2d([[-1e4, -0.1]]);
    const mask = tf.tensor2d([[1, 1]]);
    expectNoLeak(() => {
      const { loss, metrics } = policyLoss({ logp, oldLogp, advantages: [1], mask });
      expect(metrics!.clipFractionHigh).toBe(0.5);
      loss.dispose();
    });
    tf.dispose([logp, oldLogp, mask]);
  });
});

describe('policyLoss: computeMetrics false still refuses a non-finite loss', () => {
  const logp = tf.tensor2d([[-1, -0.5]]);
  const mask = tf.tensor2d([[1, 1]]);

  it('NaN advantages given as a tensor', () => {
    const advantages = tf.tensor1d([Number.NaN]);
    expectNoLeak(() =>
      expectR1kitError(
        () => policyLoss({ logp, advantages, mask }, { computeMetrics: false }),
        'NUMERIC_ERROR',
        'the loss is NaN',
      ),
    );
    advantages.dispose();
  });

  it('an overflowing ratio with A < 0 (the loss is really infinite)', () => {
    const oldLogp = tf.tensor2d([[-1 - 1e4, -0.5]]);
    expectNoLeak(() =>
      expectR1kitError(
        () => policyLoss({ logp, oldLogp, advantages: [-1], mask }, { computeMetrics: false }),
        'NUMERIC_ERROR',
        'the loss is Infinity',
      ),
    );
    oldLogp.dispose();
  });
});
