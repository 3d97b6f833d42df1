import { expectR1kitError } from '@r1kit/test-utils';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../test/helpers.js';
import { AdaptiveKLController } from './adaptive-kl-controller.js';
import { FixedKLController } from './fixed-kl-controller.js';

describe('FixedKLController', () => {
  it('keeps its coefficient', () => {
    const controller = new FixedKLController({ coefficient: 0.04 });
    controller.update(3, 64);
    expect(controller.value).toBe(0.04);
    expect(new FixedKLController().value).toBe(0.001);
  });
  it('rejects negative coefficients and NaN reports', () => {
    expectR1kitError(
      () => new FixedKLController({ coefficient: -1 }),
      'INVALID_ARGUMENT',
      'options.coefficient',
    );
    expectR1kitError(
      () => new FixedKLController().update(Number.NaN, 1),
      'INVALID_ARGUMENT',
      'currentKl',
    );
  });
});

describe('AdaptiveKLController (spec §2.6)', () => {
  it('follows β ← β(1 + clip(kl/target − 1, ±0.2)·n/horizon) over a sequence of reports', () => {
    const controller = new AdaptiveKLController({ coefficient: 0.01, target: 0.1, horizon: 10000 });
    const reports: [number, number][] = [
      [0.2, 512], // error clipped at +0.2
      [0.11, 512], // error 0.1
      [0.05, 256], // error −0.5 clipped at −0.2
      [0.1, 1000], // on target: unchanged
    ];
    let expected = 0.01;
    for (const [kl, steps] of reports) {
      controller.update(kl, steps);
      const error = Math.min(Math.max(kl / 0.1 - 1, -0.2), 0.2);
      expected *= 1 + (error * steps) / 10000;
      expectClose(controller.value, expected, 1e-15);
    }
    expectClose(controller.value, 0.01 * 1.01024 * 1.00512 * (1 - 0.00512), 1e-15);
  });
  it('uses the verl defaults', () => {
    const controller = new AdaptiveKLController();
    expect([controller.value, controller.target, controller.horizon]).toEqual([0.001, 0.1, 10000]);
  });
  it('rejects a non-positive target or horizon and bad reports', () => {
    expectR1kitError(
      () => new AdaptiveKLController({ target: 0 }),
      'INVALID_ARGUMENT',
      'options.target',
      '> 0',
    );
    expectR1kitError(
      () => new AdaptiveKLController({ horizon: -5 }),
      'INVALID_ARGUMENT',
      'options.horizon',
    );
    expectR1kitError(() => new AdaptiveKLController().update(0.1, -1), 'INVALID_ARGUMENT', 'steps');
    expectR1kitError(
      () => new AdaptiveKLController().update(Number.POSITIVE_INFINITY, 1),
      'INVALID_ARGUMENT',
      'currentKl',
    );
  });
});
