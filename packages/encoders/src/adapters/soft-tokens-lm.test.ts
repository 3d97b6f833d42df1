import { expectNoLeak } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { randomArray } from '../../test/helpers.js';
import { AffectGptAdapter } from './affectgpt-adapter.js';
import { buildSoftTokens } from './soft-tokens.js';

const vocab = 6;
const hidden = 8;
const placeholder = 5;
// Two prompts with the three placeholders (multi, audio, video) at different positions.
const inputIds = [
  [0, placeholder, 1, placeholder, placeholder, 2],
  [placeholder, 3, placeholder, 1, placeholder, 4],
];

/**
 * A frozen stand-in for the LM's soft-token input: token embeddings from a fixed table, with
 * placeholder positions filled in order by the soft tokens; returns `[batch, time, hidden]`.
 */
function embed(table: tf.Tensor2D, soft: tf.Tensor3D): tf.Tensor3D {
  const [batch, count] = soft.shape;
  const rows = inputIds.map((ids, b) => {
    let next = 0;
    return ids.map((id) => (id === placeholder ? vocab + b * count + next++ : id));
  });
  const all = tf.concat([table, tf.reshape(soft, [batch * count, hidden])], 0);
  // One-hot selection by matMul rather than gather: its gradient exists on every backend.
  const selection = tf.oneHot(tf.tensor1d(rows.flat(), 'int32'), all.shape[0]);
  const selected = tf.matMul(tf.cast(selection, 'float32') as tf.Tensor2D, all);
  return tf.reshape(selected, [batch, inputIds[0]!.length, hidden]) as tf.Tensor3D;
}

describe('soft tokens inside a frozen LM', () => {
  it('fill placeholders in order and train the adapter through tf.variableGrads', async () => {
    await expectNoLeak(() => {
      const table = tf.tensor2d(randomArray(vocab * hidden, 1), [vocab, hidden]);
      const head = tf.tensor2d(randomArray(hidden * vocab, 2), [hidden, vocab]);
      const targets = tf.tidy(() =>
        tf.oneHot(tf.tensor1d([1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2], 'int32'), vocab),
      );
      const adapter = new AffectGptAdapter({
        audioSize: 4,
        videoSize: 3,
        hiddenSize: hidden,
        seed: 3,
      });
      const features = {
        audio: tf.tensor3d(randomArray(2 * 5 * 4, 3), [2, 5, 4]),
        video: tf.tensor3d(randomArray(2 * 5 * 3, 4), [2, 5, 3]),
      };
      // Placeholders are filled in order: the 2nd placeholder of row 1 holds its audio token.
      const check = tf.tidy(() => {
        const soft = adapter.apply(features);
        const embedded = embed(table, soft);
        return tf.max(
          tf.abs(
            tf.sub(
              tf.slice(embedded, [1, 2, 0], [1, 1, hidden]),
              tf.slice(soft, [1, 1, 0], [1, 1, hidden]),
            ),
          ),
        );
      });
      expect(check.dataSync()[0]).toBe(0);
      check.dispose();
      const loss = () =>
        tf.tidy(() => {
          const soft = buildSoftTokens(adapter, features, {
            placeholderTokenId: placeholder,
            inputIds,
          });
          const logits = tf.matMul(tf.reshape(embed(table, soft.embeddings), [-1, hidden]), head);
          return tf.losses.softmaxCrossEntropy(targets, logits) as tf.Scalar;
        });
      const { value, grads } = tf.variableGrads(loss, adapter.trainableVariables());
      const first = value.dataSync()[0]!;
      // Every adapter variable but the two unused absent vectors receives a gradient.
      expect(Object.keys(grads)).toHaveLength(adapter.trainableVariables().length - 2);
      tf.dispose([value, ...Object.values(grads)]);
      const optimizer = tf.train.adam(0.05);
      for (let step = 0; step < 30; step++)
        optimizer.minimize(loss, false, adapter.trainableVariables());
      const after = loss();
      expect(after.dataSync()[0]!).toBeLessThan(first * 0.8);
      tf.dispose([after, table, head, targets, features.audio, features.video]);
      optimizer.dispose();
      adapter.dispose();
    });
  });
});
