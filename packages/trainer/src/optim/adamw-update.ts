import * as tf from '@tensorflow/tfjs-core';

/** The numbers one AdamW update needs. @internal */
export interface AdamWStepConstants {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
  /** `1 - beta1^t`. */
  correction1: number;
  /** `sqrt(1 - beta2^t)`. */
  correction2Root: number;
}

/** One variable's update: the weight, its gradient and its two moments. @internal */
export interface AdamWSlotTensors {
  variable: tf.Variable;
  gradient: tf.Tensor;
  first: tf.Variable;
  second: tf.Variable;
}

/**
 * AdamW with tensor ops (any backend; stays on the device). Same formula as
 * {@link adamWUpdateArrays}.
 * @internal
 */
export function adamWUpdateTensors(slot: AdamWSlotTensors, c: AdamWStepConstants): void {
  const { variable, gradient, first, second } = slot;
  tf.tidy(() => {
    first.assign(tf.add(tf.mul(first, c.beta1), tf.mul(gradient, 1 - c.beta1)));
    second.assign(tf.add(tf.mul(second, c.beta2), tf.mul(tf.square(gradient), 1 - c.beta2)));
    const denominator = tf.add(tf.div(tf.sqrt(second), c.correction2Root), c.epsilon);
    const decayed =
      c.weightDecay === 0 ? variable : tf.mul(variable, 1 - c.learningRate * c.weightDecay);
    const update = tf.mul(tf.div(first, denominator), c.learningRate / c.correction1);
    variable.assign(tf.sub(decayed, update));
  });
}

/**
 * AdamW as one fused loop over the values, for backends whose memory is host memory (`cpu`,
 * `wasm`): reading is cheap there and one pass replaces about fourteen element-wise kernels,
 * each of which walks the whole tensor.
 * @internal
 */
export function adamWUpdateArrays(slot: AdamWSlotTensors, c: AdamWStepConstants): void {
  const { variable, gradient, first, second } = slot;
  const weights = variable.dataSync() as Float32Array;
  const gradients = gradient.dataSync() as Float32Array;
  const firstValues = first.dataSync() as Float32Array;
  const secondValues = second.dataSync() as Float32Array;
  const size = weights.length;
  const nextWeights = new Float32Array(size);
  const nextFirst = new Float32Array(size);
  const nextSecond = new Float32Array(size);
  const decay = 1 - c.learningRate * c.weightDecay;
  const stepSize = c.learningRate / c.correction1;
  for (let index = 0; index < size; index += 1) {
    const g = gradients[index]!;
    const m = c.beta1 * firstValues[index]! + (1 - c.beta1) * g;
    const v = c.beta2 * secondValues[index]! + (1 - c.beta2) * g * g;
    nextFirst[index] = m;
    nextSecond[index] = v;
    nextWeights[index] =
      weights[index]! * decay - (stepSize * m) / (Math.sqrt(v) / c.correction2Root + c.epsilon);
  }
  tf.tidy(() => {
    first.assign(tf.tensor(nextFirst, first.shape, 'float32'));
    second.assign(tf.tensor(nextSecond, second.shape, 'float32'));
    variable.assign(tf.tensor(nextWeights, variable.shape, 'float32'));
  });
}
