import { expectNoLeak } from '@r1kit/test-utils';
// Gradients of policyLoss against central finite differences of an independent float64 reference.
import * as tf from '@tensorflow/tfjs-core';
import { describe, it } from 'vitest';
import { expectClose, numericGradient, randomMatrix, seededRandom } from '../test/helpers.js';
import { type ReferenceOptions, referenceEntropy, referencePolicyLoss } from '../test/reference.js';
import type { LossType } from './aggregate-loss.js';
import { entropyFromLogits } from './entropy-from-logits.js';
import { policyLoss } from './policy-loss.js';
import type { PolicyLossOptions } from './policy-loss-options.js';

const batch = 4;
const time = 5;
const random = seededRandom(2026);
const logpRows = randomMatrix(random, batch, time, -2.5, -0.1);
// Log-ratios in [−0.7, 0.7] so tokens fall in every clip region; one large ratio for the dual clip.
const oldRows = logpRows.map((row) => row.map((value) => value - (random() * 1.4 - 0.7)));
oldRows[1]![0] = logpRows[1]![0]! - 1.3;
const refRows = logpRows.map((row) => row.map((value) => value + (random() - 0.5)));
const maskRows = [
  [1, 1, 1, 1, 1],
  [1, 1, 1, 0, 0],
  [1, 0, 0, 0, 0],
  [1, 1, 1, 1, 0],
];
const advantages = [0.8, -1.1, 0.3, -0.6];
const unflatten = (flat: ArrayLike<number>) =>
  Array.from({ length: batch }, (_, b) => Array.from(flat).slice(b * time, (b + 1) * time));

function check(options: PolicyLossOptions, reference: ReferenceOptions, tolerance = 2e-4) {
  const old = tf.tensor2d(oldRows);
  const ref = tf.tensor2d(refRows);
  const mask = tf.tensor2d(maskRows);
  const logp = tf.tensor2d(logpRows);
  expectNoLeak(() => {
    const lossOf = (x: tf.Tensor) =>
      policyLoss({ logp: x, oldLogp: old, refLogp: ref, advantages, mask }, options).loss;
    const { value, grad } = tf.valueAndGrad(lossOf)(logp);
    const f = (x: Float64Array) =>
      referencePolicyLoss(unflatten(x), oldRows, refRows, advantages, maskRows, reference);
    expectClose(value.dataSync()[0]!, f(Float64Array.from(logpRows.flat())), 1e-5);
    expectClose(grad.dataSync(), numericGradient(f, logpRows.flat()), tolerance);
    tf.dispose([value, grad]);
  });
  tf.dispose([old, ref, mask, logp]);
}

const lossTypes: LossType[] = ['dapo', 'grpo', 'seq-mean-token-sum', 'dr_grpo', 'token-sum'];

describe('policyLoss gradient vs finite differences', () => {
  for (const lossType of lossTypes) {
    it(`${lossType}, clip-higher, dual-clip 3, beta 0.04 k3`, () => {
      check(
        {
          lossType,
          epsilonHigh: 0.28,
          dualClip: 3,
          beta: 0.04,
          klEstimator: 'k3',
          maxCompletionLength: 8,
        },
        {
          lossType,
          epsilon: 0.2,
          epsilonHigh: 0.28,
          dualClip: 3,
          beta: 0.04,
          kl: 'k3',
          maxLength: 8,
        },
      );
    });
  }

  for (const kl of ['k1', 'k2', 'k3', 'abs'] as const) {
    it(`KL estimator ${kl} in the loss (beta 0.3)`, () => {
      check(
        { beta: 0.3, klEstimator: kl, dualClip: false },
        { lossType: 'dapo', epsilon: 0.2, epsilonHigh: 0.2, beta: 0.3, kl },
      );
    });
  }

  for (const lossType of ['dapo', 'grpo'] as const) {
    it(`GSPO sequence-level ratio, ${lossType}`, () => {
      check(
        {
          importanceSamplingLevel: 'sequence',
          lossType,
          epsilon: 0.1,
          epsilonHigh: 0.15,
        },
        { lossType, epsilon: 0.1, epsilonHigh: 0.15, sequence: true },
      );
    });
  }

  it('entropy bonus: gradient with respect to logits', () => {
    const vocab = 3;
    const logitsFlat = Array.from({ length: batch * time * vocab }, () => random() * 4 - 2);
    const rows = (flat: ArrayLike<number>) =>
      unflatten(Array.from({ length: batch * time }, (_, i) => i)).map((row) =>
        row.map((i) => referenceEntropy(Array.from(flat).slice(i * vocab, (i + 1) * vocab), 0.7)),
      );
    const logp = tf.tensor2d(logpRows);
    const mask = tf.tensor2d(maskRows);
    const logits = tf.tensor3d(logitsFlat, [batch, time, vocab]);
    const options = {
      entropyCoef: 0.5,
      temperature: 0.7,
      lossType: 'grpo',
    } as const;
    expectNoLeak(() => {
      const { value, grad } = tf.valueAndGrad(
        (z: tf.Tensor) => policyLoss({ logp, advantages, mask, logits: z }, options).loss,
      )(logits);
      const f = (z: Float64Array) =>
        referencePolicyLoss(logpRows, logpRows, undefined, advantages, maskRows, {
          lossType: 'grpo',
          epsilon: 0.2,
          epsilonHigh: 0.2,
          entropyCoef: 0.5,
          entropy: rows(z),
        });
      expectClose(value.dataSync()[0]!, f(Float64Array.from(logitsFlat)), 1e-5);
      expectClose(grad.dataSync(), numericGradient(f, logitsFlat), 2e-4);
      tf.dispose([value, grad]);
    });
    tf.dispose([logp, mask, logits]);
  });
});

describe('policyLoss with precomputed entropy', () => {
  it('gives the same loss and metric as passing the logits', () => {
    const logp = tf.tensor2d(logpRows);
    const mask = tf.tensor2d(maskRows);
    const logits = tf.randomNormal([batch, time, 6], 0, 1, 'float32', 9);
    const entropy = entropyFromLogits(logits, { temperature: 0.8 });
    expectNoLeak(() => {
      const options = { entropyCoef: 0.3, temperature: 0.8 } as const;
      const a = policyLoss({ logp, advantages, mask, logits }, options);
      const b = policyLoss({ logp, advantages, mask, entropy }, options);
      expectClose(b.loss.dataSync()[0]!, a.loss.dataSync()[0]!, 1e-6);
      expectClose(b.metrics!.entropy!, a.metrics!.entropy!, 1e-6);
      tf.dispose([a.loss, b.loss]);
    });
    tf.dispose([logp, mask, logits, entropy]);
  });
});
