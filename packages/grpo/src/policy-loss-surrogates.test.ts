import { expectNoLeak, expectR1kitError } from '@r1kit/test-utils';
// SAPO, CISPO and TRL delta (spec §2.4 and §2.2) through policyLoss.
import * as tf from '@tensorflow/tfjs-core';
import { describe, it } from 'vitest';
import { expectClose, numericGradient } from '../test/helpers.js';
import { policyLoss } from './policy-loss.js';
import type { PolicyLossOptions } from './policy-loss-options.js';

// One row of six tokens whose ratios are the spec's ρ = exp([0.25, −0.1, 0, 0.3, −0.5, 1.5]).
const logRatios = [0.25, -0.1, 0, 0.3, -0.5, 1.5];
const logpValues = [-1.0, -0.5, -2.0, -0.3, -1.5, -0.2];
const advantageValues = [1, 1, 1, -1, -1, -0.5];

/** Per-token losses and the gradient of their sum with respect to logp. */
function perToken(options: PolicyLossOptions, logpRow = logpValues) {
  return expectNoLeak(() => {
    const logp = tf.tensor2d([logpRow]);
    const oldLogp = tf.tensor2d([logpValues.map((value, t) => value - logRatios[t]!)]);
    const advantages = tf.tensor2d([advantageValues]);
    const losses = logRatios.map((_, t) => {
      const mask = tf.tensor2d([logRatios.map((__, j) => (j === t ? 1 : 0))]);
      const { loss } = policyLoss(
        { logp, oldLogp, advantages, mask },
        { ...options, lossType: 'token-sum' },
      );
      const value = loss.dataSync()[0]!;
      tf.dispose([mask, loss]);
      return value;
    });
    const mask = tf.ones([1, 6]);
    const grad = tf.grad(
      (x: tf.Tensor) =>
        policyLoss({ logp: x, oldLogp, advantages, mask }, { ...options, lossType: 'token-sum' })
          .loss,
    )(logp);
    const gradient = Array.from(grad.dataSync());
    tf.dispose([logp, oldLogp, advantages, mask, grad]);
    return { losses, gradient };
  });
}

describe('policyLoss surrogate "sapo" (spec §2.4)', () => {
  it('has gate f(ρ) = [2.282131, 1.904909, 2, 2.250739, 1.516795, 3.713560] for TRL and verl', () => {
    for (const preset of ['trl', 'verl'] as const) {
      const { losses } = perToken({ surrogate: 'sapo', preset, dualClip: false });
      const gate = losses.map((loss, t) => -loss / advantageValues[t]!);
      expectClose(gate, [2.282131, 1.904909, 2, 2.250739, 1.516795, 3.71356], 2e-6);
    }
  });

  it('has the gradient of −f(exp(logp − old))·A', () => {
    const { gradient } = perToken({ surrogate: 'sapo' });
    const f = (x: Float64Array) =>
      Array.from(x).reduce((sum, value, t) => {
        const rho = Math.exp(value - (logpValues[t]! - logRatios[t]!));
        const tau = advantageValues[t]! > 0 ? 1 : 1.05;
        return sum - ((4 / tau) * advantageValues[t]!) / (1 + Math.exp(-tau * (rho - 1)));
      }, 0);
    expectClose(gradient, numericGradient(f, logpValues), 2e-5);
  });
});

describe('policyLoss surrogate "cispo" (spec §2.4)', () => {
  it('TRL weights min(ρ, 5) and verl weights clip(ρ, 0.8, 1.28), as the (stopped) gradient −w·A', () => {
    const trl = perToken({ surrogate: 'cispo', cispoMaxWeight: 5, preset: 'trl' });
    const verl = perToken({ surrogate: 'cispo', epsilonHigh: 0.28, preset: 'verl' });
    const weights = (gradient: number[]) => gradient.map((g, t) => -g / advantageValues[t]!);
    expectClose(weights(trl.gradient), [1.284025, 0.904837, 1, 1.349859, 0.606531, 4.481689], 2e-6);
    expectClose(weights(verl.gradient), [1.28, 0.904837, 1, 1.28, 0.8, 1.28], 2e-6);
    // The value is −w·A·logp.
    const expected = [1.28, 0.904837, 1, 1.28, 0.8, 1.28].map(
      (w, t) => -w * advantageValues[t]! * logpValues[t]!,
    );
    expectClose(verl.losses, expected, 2e-6);
  });
});

describe('policyLoss option delta (TRL two-sided clipping)', () => {
  it('caps the unclipped ratio: for A < 0 it equals dual-clip with c = delta', () => {
    const withDelta = perToken({ delta: 3, dualClip: false });
    const withDual = perToken({ dualClip: 3 });
    expectClose(withDelta.losses, withDual.losses, 1e-6);
    expectClose(withDelta.losses[5]!, 1.5, 1e-6);
  });

  it('rejects a delta inside the clip range and bad SAPO temperatures', () => {
    const logp = tf.zeros([1, 2]);
    const mask = tf.ones([1, 2]);
    const inputs = { logp, mask, advantages: [1] };
    expectR1kitError(
      () => policyLoss(inputs, { delta: 1.1 }),
      'INVALID_ARGUMENT',
      'options.delta',
      '1.2',
    );
    expectR1kitError(
      () => policyLoss(inputs, { surrogate: 'sapo', sapoTemperatureNegative: 0 }),
      'INVALID_ARGUMENT',
      'options.sapoTemperatureNegative',
    );
    expectR1kitError(
      () => policyLoss(inputs, { surrogate: 'ppo' as never }),
      'INVALID_ARGUMENT',
      'options.surrogate',
    );
    tf.dispose([logp, mask]);
  });
});

describe('policyLoss GSPO sequence ratio (spec §2.3)', () => {
  it('uses exp(masked mean log-ratio); verl caps the sequence log-ratio at 10, TRL does not', () => {
    const logp = tf.tensor2d([[-1, -2, -3]]);
    const oldLogp = tf.tensor2d([[-16, -17, -99]]);
    const mask = tf.tensor2d([[1, 1, 0]]);
    const inputs = { logp, oldLogp, mask, advantages: [-1] };
    const options = { importanceSamplingLevel: 'sequence', dualClip: false } as const;
    const value = (preset: 'trl' | 'verl') =>
      expectNoLeak(() => {
        const { loss } = policyLoss(inputs, { ...options, preset, logRatioClamp: false });
        const result = loss.dataSync()[0]!;
        loss.dispose();
        return result;
      });
    expectClose(value('trl') / Math.exp(15), 1, 1e-6);
    expectClose(value('verl') / Math.exp(10), 1, 1e-6);
    tf.dispose([logp, oldLogp, mask]);
  });
});
