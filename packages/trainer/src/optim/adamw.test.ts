import { R1kitError } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdamW } from './adamw.js';
import { adamWUpdateArrays, adamWUpdateTensors } from './adamw-update.js';

/** PyTorch's AdamW written out per element in float64 (the reference formula). */
function referenceAdamW(
  start: number[],
  gradients: number[][],
  options: { lr: number; b1: number; b2: number; eps: number; wd: number },
): number[] {
  const p = [...start];
  const m = p.map(() => 0);
  const v = p.map(() => 0);
  gradients.forEach((g, stepIndex) => {
    const t = stepIndex + 1;
    for (let i = 0; i < p.length; i += 1) {
      p[i] = p[i]! * (1 - options.lr * options.wd);
      m[i] = options.b1 * m[i]! + (1 - options.b1) * g[i]!;
      v[i] = options.b2 * v[i]! + (1 - options.b2) * g[i]! ** 2;
      const denom = Math.sqrt(v[i]!) / Math.sqrt(1 - options.b2 ** t) + options.eps;
      p[i] = p[i]! - (options.lr / (1 - options.b1 ** t)) * (m[i]! / denom);
    }
  });
  return p;
}

describe('AdamW', () => {
  let before = 0;
  beforeEach(() => {
    before = tf.memory().numTensors;
  });
  afterEach(() => {
    expect(tf.memory().numTensors).toBe(before);
  });

  it('matches the PyTorch AdamW formula over several steps', () => {
    const start = [0.5, -1.5, 2, 0.01];
    const gradients = [
      [0.1, -0.2, 0.3, 0],
      [1, 0.5, -0.25, 2],
      [-0.3, 0.3, 0.3, -1],
    ];
    const hyper = { lr: 0.05, b1: 0.8, b2: 0.95, eps: 1e-6, wd: 0.1 };
    const weight = tf.tidy(() => tf.variable(tf.tensor1d(start)));
    const optimizer = new AdamW([weight], {
      learningRate: hyper.lr,
      beta1: hyper.b1,
      beta2: hyper.b2,
      epsilon: hyper.eps,
      weightDecay: hyper.wd,
    });
    for (const gradient of gradients) {
      const tensor = tf.tensor1d(gradient);
      optimizer.applyGradients([tensor]);
      tensor.dispose();
    }
    const expected = referenceAdamW(start, gradients, hyper);
    const actual = Array.from(weight.dataSync());
    actual.forEach((value, index) => {
      expect(value).toBeCloseTo(expected[index]!, 6);
    });
    expect(optimizer.step).toBe(3);
    optimizer.dispose();
    weight.dispose();
  });

  it('the fused array update and the tensor update agree', () => {
    const make = (values: number[]) => tf.tidy(() => tf.variable(tf.tensor1d(values)));
    const constants = {
      learningRate: 0.03,
      beta1: 0.9,
      beta2: 0.99,
      epsilon: 1e-8,
      weightDecay: 0.1,
      correction1: 1 - 0.9 ** 3,
      correction2Root: Math.sqrt(1 - 0.99 ** 3),
    };
    const start = {
      p: [0.5, -1, 2, 0],
      g: [0.2, -3, 0.01, 1],
      m: [0.1, -0.2, 0, 0.3],
      v: [0.01, 0.5, 0, 0.2],
    };
    const slots = [0, 1].map(() => ({
      variable: make(start.p),
      gradient: tf.tensor1d(start.g),
      first: make(start.m),
      second: make(start.v),
    }));
    adamWUpdateTensors(slots[0]!, constants);
    adamWUpdateArrays(slots[1]!, constants);
    for (const key of ['variable', 'first', 'second'] as const) {
      const a = Array.from(slots[0]![key].dataSync());
      const b = Array.from(slots[1]![key].dataSync());
      a.forEach((value, index) => {
        expect(b[index]).toBeCloseTo(value, 6);
      });
    }
    tf.dispose(slots.flatMap((slot) => [slot.variable, slot.gradient, slot.first, slot.second]));
  });

  it('first step moves each weight by lr * sign(g) after decoupled decay', () => {
    const weight = tf.tidy(() => tf.variable(tf.tensor1d([1, -2])));
    const optimizer = new AdamW([weight], { learningRate: 0.1, weightDecay: 0.5, epsilon: 1e-12 });
    const gradient = tf.tensor1d([3, -0.001]);
    optimizer.applyGradients({ [weight.name]: gradient }, { learningRate: 0.1 });
    const [a, b] = Array.from(weight.dataSync());
    expect(a).toBeCloseTo(1 * (1 - 0.05) - 0.1, 6);
    expect(b).toBeCloseTo(-2 * (1 - 0.05) + 0.1, 6);
    tf.dispose([gradient, weight]);
    optimizer.dispose();
  });

  it('state round-trips: restored optimiser continues identically', () => {
    const make = () => tf.tidy(() => tf.variable(tf.tensor1d([0.3, -0.7, 1.1])));
    const a = make();
    const b = make();
    const first = new AdamW([a], { learningRate: 0.01 });
    const g1 = tf.tensor1d([0.5, -1, 2]);
    const g2 = tf.tensor1d([-0.5, 0.25, 1]);
    first.applyGradients([g1]);
    const second = new AdamW([b], { learningRate: 0.01 });
    b.assign(a);
    second.setState(first.getState());
    first.applyGradients([g2]);
    second.applyGradients([g2]);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(second.getState().step).toBe(2);
    tf.dispose([a, b, g1, g2]);
    first.dispose();
    second.dispose();
  });

  it('rejects bad options, wrong gradient shapes and use after dispose', () => {
    const weight = tf.tidy(() => tf.variable(tf.zeros([2, 2])));
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        expect(R1kitError.isInstance(error)).toBe(true);
        return { code: (error as R1kitError).code, message: (error as Error).message };
      }
      throw new Error('expected a throw');
    };
    expect(code(() => new AdamW([weight], { beta1: 1.5 })).message).toContain('options.beta1');
    expect(code(() => new AdamW([], {})).code).toBe('INVALID_ARGUMENT');
    const optimizer = new AdamW([weight]);
    const wrong = tf.zeros([3]);
    const failure = code(() => optimizer.applyGradients([wrong]));
    expect(failure.code).toBe('SHAPE_MISMATCH');
    expect(failure.message).toContain('[2, 2]');
    const state = optimizer.getState();
    state.slots[0]!.firstMoment = new Float32Array(3);
    expect(code(() => optimizer.setState(state)).code).toBe('SHAPE_MISMATCH');
    optimizer.dispose();
    expect(code(() => optimizer.applyGradients([wrong])).code).toBe('INVALID_STATE');
    tf.dispose([weight, wrong]);
  });
});
