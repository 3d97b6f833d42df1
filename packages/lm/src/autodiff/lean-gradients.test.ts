import { R1kitError } from '@r1kit/core';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { leanGradients } from './lean-gradients.js';

/** A small residual MLP stack with a shared weight, a split/concat and an unused branch. */
function network(weights: tf.Variable[], input: tf.Tensor2D): tf.Scalar {
  let hidden: tf.Tensor2D = input;
  for (const weight of weights) {
    const current = hidden;
    hidden = tf.tidy(() => {
      const [left, right] = tf.split(tf.matMul(current, weight), 2, 1);
      const mixed = tf.concat([tf.tanh(left!), tf.mul(right!, tf.sigmoid(right!))], 1);
      tf.exp(mixed); // off the path to the loss
      return tf.add(current, mixed) as tf.Tensor2D;
    });
  }
  return tf.mean(tf.square(tf.matMul(hidden, weights[0]!)));
}

function makeWeights(layers: number, width: number): tf.Variable[] {
  return Array.from({ length: layers }, (_, index) =>
    tf.variable(tf.randomNormal([width, width], 0, 0.3, 'float32', index + 1)),
  );
}

describe('leanGradients', () => {
  it('equals tf.grads bit for bit, for variables and an input, and leaks nothing', () => {
    const weights = makeWeights(3, 8);
    const input = tf.randomNormal([5, 8], 0, 1, 'float32', 9) as tf.Tensor2D;
    const reference = tf.grads((x: tf.Tensor, ...ws: tf.Tensor[]) =>
      network(ws as tf.Variable[], x as tf.Tensor2D),
    )([input, ...weights]);
    const before = tf.memory().numTensors;
    const { value, grads } = leanGradients({
      f: () => network(weights, input),
      xs: [input, ...weights],
    });
    expect(tf.memory().numTensors).toBe(before + 1 + grads.length);
    expect(value.shape).toEqual([]);
    grads.forEach((grad, index) => {
      expect(grad!.shape).toEqual(reference[index]!.shape);
      expect(Array.from(grad!.dataSync())).toEqual(Array.from(reference[index]!.dataSync()));
    });
    tf.dispose([value, ...(grads as tf.Tensor[]), ...reference, input, ...weights]);
  });

  it('weights by dy and leaves it to the caller', () => {
    const x = tf.variable(tf.tensor1d([1, -2, 3]));
    const dy = tf.tensor1d([0.5, 2, -1]);
    const { value, grads } = leanGradients({ f: () => tf.mul(tf.square(x), 3), xs: [x], dy });
    // d/dx of 3 x^2 is 6 x, times dy.
    expect(Array.from(grads[0]!.dataSync())).toEqual([3, -24, -18]);
    expect(dy.isDisposed).toBe(false);
    tf.dispose([value, grads[0]!, dy, x]);
  });

  it('returns undefined for a tensor the result does not depend on', () => {
    const [used, unused] = [tf.variable(tf.scalar(2)), tf.variable(tf.scalar(5))];
    const { value, grads } = leanGradients({ f: () => tf.square(used), xs: [used, unused] });
    expect(grads[0]!.dataSync()[0]).toBe(4);
    expect(grads[1]).toBeUndefined();
    tf.dispose([value, grads[0]!, used, unused]);
  });

  it('peaks lower than tf.variableGrads on a deep chain (saved tensors freed as it goes)', async () => {
    const weights = makeWeights(12, 64);
    const input = tf.randomNormal([256, 64], 0, 1, 'float32', 3) as tf.Tensor2D;
    // Residual tanh layers; each layer's temporaries are freed by its tidy, as in the models.
    const loss = () => {
      let hidden: tf.Tensor = input;
      for (const weight of weights) {
        const current = hidden;
        hidden = tf.tidy(() => tf.add(current, tf.tanh(tf.matMul(current, weight))));
      }
      return tf.mean(tf.square(hidden)) as tf.Scalar;
    };
    // tf.profile reuses one result object: read each before the next profile.
    const stockPeak = (
      await tf.profile(() => {
        const { value, grads } = tf.variableGrads(loss, weights);
        tf.dispose([value, ...Object.values(grads)]);
      })
    ).peakBytes;
    const lean = await tf.profile(() => {
      const { value, grads } = leanGradients({ f: loss, xs: weights });
      tf.dispose([value, ...(grads as tf.Tensor[])]);
    });
    // Per layer the tape saves two [256, 64] float32 tensors (64 KiB each) and the stock walk
    // keeps about two gradients of that size more: the lean peak is the forward pass's.
    const layerBytes = 256 * 64 * 4;
    expect(stockPeak - lean.peakBytes).toBeGreaterThan(12 * 2 * layerBytes);
    expect(lean.newTensors).toBe(0);
    tf.dispose([input, ...weights]);
  });

  it('works nested in a custom gradient (activation recomputation) and restores the outer tape', () => {
    const weight = tf.variable(
      tf.tensor2d([
        [0.5, -1],
        [2, 0.25],
      ]),
    );
    const input = tf.tensor2d([[1, 2]]);
    const layer = (x: tf.Tensor) => tf.tanh(tf.matMul(x, weight));
    const recomputed = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
      const x = args[0] as tf.Tensor;
      (args[args.length - 1] as tf.GradSaveFunc)([x]);
      return {
        value: layer(x),
        gradFunc: (dy, saved) => {
          const { value, grads } = leanGradients({
            f: () => layer(saved[0]!),
            xs: [saved[0]!, weight],
            dy: dy as tf.Tensor,
          });
          value.dispose();
          return grads as tf.Tensor[];
        },
      };
    });
    const loss = () => tf.sum(tf.square(recomputed(input, weight)));
    const reference = tf.grads((w: tf.Tensor) => tf.sum(tf.square(tf.tanh(tf.matMul(input, w)))))([
      weight,
    ]);
    const before = tf.memory().numTensors;
    const { value, grads } = leanGradients({ f: loss, xs: [weight] });
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(grads[0]!.dataSync()).toEqual(reference[0]!.dataSync());
    tf.dispose([value, grads[0]!, ...reference, input, weight]);
  });

  it('keeps each gradient its own handle when a gradient function returns one tensor twice', () => {
    const [a, b] = [tf.variable(tf.tensor1d([1, 2])), tf.variable(tf.tensor1d([3, 4]))];
    // d(a + b) for both inputs is the same tensor object.
    const sum = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => ({
      value: tf.add(args[0] as tf.Tensor, args[1] as tf.Tensor),
      gradFunc: (dy: tf.Tensor | tf.Tensor[]) => {
        const shared = tf.mul(dy as tf.Tensor, 2);
        return [shared, shared];
      },
    }));
    const { value, grads } = leanGradients({
      f: () => tf.sum(tf.mul(sum(tf.square(a), b), 1)),
      xs: [a, b],
    });
    expect(Array.from(grads[0]!.dataSync())).toEqual([4, 8]); // 2 * 2a
    expect(Array.from(grads[1]!.dataSync())).toEqual([2, 2]);
    tf.dispose([value, ...(grads as tf.Tensor[]), a, b]);
  });

  it('frees what the forward pass saved when it throws', () => {
    const w = tf.variable(tf.tensor1d([1, 2, 3]));
    const before = tf.memory().numTensors;
    expect(() =>
      leanGradients({
        f: () => {
          tf.square(tf.exp(w)); // ops that save tensors for their gradients
          throw new Error('loss failed');
        },
        xs: [w],
      }),
    ).toThrowError('loss failed');
    expect(tf.memory().numTensors).toBe(before);
    w.dispose();
  });

  it('names the argument on bad input', () => {
    const x = tf.scalar(1);
    const call = (options: unknown) => () => leanGradients(options as never);
    expect(call({ f: () => x, xs: [] })).toThrowError(/options\.xs/);
    expect(call({ f: 3, xs: [x] })).toThrowError(/options\.f/);
    const bad = (() => {
      try {
        leanGradients({ f: () => tf.square(x), xs: [x], dy: tf.tensor1d([1, 2]) });
      } catch (error) {
        return error;
      }
    })();
    expect(R1kitError.isInstance(bad) && bad.code).toBe('SHAPE_MISMATCH');
    x.dispose();
  });
});
