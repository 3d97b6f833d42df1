import * as tf from '@tensorflow/tfjs-core';

/**
 * Takes every `stride`-th position of axis 1 (and 2 for rank 4), starting at `start`, for
 * `count` positions, using only slice and reshape (whose gradients every backend has).
 */
function strided(
  x: tf.Tensor,
  axis: 1 | 2,
  start: number,
  count: number,
  stride: number,
): tf.Tensor {
  const begin = x.shape.map((_, index) => (index === axis ? start : 0));
  const size = x.shape.map((dimension, index) =>
    index === axis ? (count - 1) * stride + 1 : dimension,
  );
  let window = tf.slice(x, begin, size);
  if (stride === 1) return window;
  const padded = [...window.shape];
  padded[axis] = count * stride;
  const padding = padded.map((dimension, index): [number, number] => [
    0,
    dimension - window.shape[index]!,
  ]);
  window = tf.pad(window, padding);
  const split = [...window.shape.slice(0, axis), count, stride, ...window.shape.slice(axis + 1)];
  const picked = tf.slice(
    tf.reshape(window, split),
    split.map(() => 0),
    split.map((dimension, index) => (index === axis + 1 ? 1 : dimension)),
  );
  return tf.reshape(picked, [
    ...window.shape.slice(0, axis),
    count,
    ...window.shape.slice(axis + 1),
  ]);
}

/** TensorFlow's `'same'` padding: output length and the padding before the first element. */
function samePadding(
  length: number,
  kernel: number,
  stride: number,
): { out: number; before: number; after: number } {
  const out = Math.ceil(length / stride);
  const total = Math.max((out - 1) * stride + kernel - length, 0);
  return { out, before: Math.floor(total / 2), after: total - Math.floor(total / 2) };
}

/**
 * 1-D convolution with `'same'` padding as unfold + matMul: the same result as `tf.conv1d`, but
 * its gradient needs only slice, pad, reshape, concat and matMul, so it trains on every backend
 * (the wasm backend lacks the convolution filter gradient).
 *
 * @param input - `[batch, length, inChannels]`.
 * @param filter - `[kernel, inChannels, outChannels]`.
 * @param stride - Step between output positions.
 * @returns `[batch, ceil(length / stride), outChannels]`.
 * @internal
 */
export function conv1dSame(input: tf.Tensor3D, filter: tf.Tensor3D, stride: number): tf.Tensor3D {
  return tf.tidy(() => {
    const [batch, length, channels] = input.shape;
    const [kernel, , outChannels] = filter.shape;
    const { out, before, after } = samePadding(length, kernel, stride);
    const padded = tf.pad(input, [
      [0, 0],
      [before, after],
      [0, 0],
    ]);
    const columns = Array.from({ length: kernel }, (_, offset) =>
      strided(padded, 1, offset, out, stride),
    );
    const unfolded = tf.reshape(tf.concat(columns, 2), [batch * out, kernel * channels]);
    const product = tf.matMul(
      unfolded as tf.Tensor2D,
      tf.reshape(filter, [kernel * channels, outChannels]) as tf.Tensor2D,
    );
    return tf.reshape(product, [batch, out, outChannels]) as tf.Tensor3D;
  });
}

/**
 * 2-D convolution with `'same'` padding as unfold + matMul (see {@link conv1dSame}).
 *
 * @param input - `[batch, height, width, inChannels]`.
 * @param filter - `[kernel, kernel, inChannels, outChannels]`.
 * @param stride - Step between output positions on both axes.
 * @returns `[batch, ceil(height / stride), ceil(width / stride), outChannels]`.
 * @internal
 */
export function conv2dSame(input: tf.Tensor4D, filter: tf.Tensor4D, stride: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [batch, height, width, channels] = input.shape;
    const [kernel, , , outChannels] = filter.shape;
    const rows = samePadding(height, kernel, stride);
    const cols = samePadding(width, kernel, stride);
    const padded = tf.pad(input, [
      [0, 0],
      [rows.before, rows.after],
      [cols.before, cols.after],
      [0, 0],
    ]);
    const patches: tf.Tensor[] = [];
    for (let dy = 0; dy < kernel; dy++) {
      const band = strided(padded, 1, dy, rows.out, stride);
      for (let dx = 0; dx < kernel; dx++) patches.push(strided(band, 2, dx, cols.out, stride));
    }
    const unfolded = tf.reshape(tf.concat(patches, 3), [
      batch * rows.out * cols.out,
      kernel * kernel * channels,
    ]);
    const product = tf.matMul(
      unfolded as tf.Tensor2D,
      tf.reshape(filter, [kernel * kernel * channels, outChannels]) as tf.Tensor2D,
    );
    return tf.reshape(product, [batch, rows.out, cols.out, outChannels]) as tf.Tensor4D;
  });
}
