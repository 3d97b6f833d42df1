// A tiny CausalLM for tests: logits_t = (embed(x_t) + 0.5 * embed(x_{t-1})) W + b. It is a real
// (if small) differentiable model implementing @r1kit/lm's interface, with soft tokens, so the
// trainer can be tested without the transformer.
import type { CausalLM, ForwardInputs, ForwardOutputs } from '@r1kit/lm';
import * as tf from '@tensorflow/tfjs-core';

let instances = 0;

export function createTinyCausalLM(options: {
  vocabSize: number;
  hiddenSize: number;
  seed: number;
}): CausalLM {
  const { vocabSize, hiddenSize, seed } = options;
  const id = instances++;
  const embedding = tf.tidy(() =>
    tf.variable(
      tf.randomNormal([vocabSize, hiddenSize], 0, 0.5, 'float32', seed),
      true,
      `tiny${id}.embed`,
    ),
  );
  const output = tf.tidy(() =>
    tf.variable(
      tf.randomNormal([hiddenSize, vocabSize], 0, 0.5, 'float32', seed + 1),
      true,
      `tiny${id}.out`,
    ),
  );
  const bias = tf.tidy(() => tf.variable(tf.zeros([vocabSize]), true, `tiny${id}.bias`));
  return {
    config: {
      modelType: 'qwen2',
      vocabSize,
      hiddenSize,
      intermediateSize: hiddenSize,
      numHiddenLayers: 0,
      numAttentionHeads: 1,
      numKeyValueHeads: 1,
      maxPositionEmbeddings: 512,
      ropeTheta: 10000,
      rmsNormEps: 1e-6,
      tieWordEmbeddings: false,
      attentionBias: false,
    },
    forward(inputs: ForwardInputs): ForwardOutputs {
      return tf.tidy(() => {
        const [batch, time] = inputs.inputIds.shape;
        // One-hot matmul instead of gather: its gradient exists on every backend (wasm has no
        // UnsortedSegmentSum for the gather gradient).
        const oneHot = tf.oneHot(tf.reshape(inputs.inputIds, [batch * time]), vocabSize);
        let embedded = tf.reshape(tf.matMul(oneHot, embedding), [
          batch,
          time,
          hiddenSize,
        ]) as tf.Tensor3D;
        if (inputs.softTokens) {
          const { placeholderTokenId, embeddings } = inputs.softTokens;
          const ids = inputs.inputIds.arraySync();
          // Replace placeholder positions in order with the sample's soft-token rows.
          const rows: tf.Tensor[] = [];
          for (let b = 0; b < batch; b += 1) {
            let next = 0;
            const positions: tf.Tensor[] = [];
            for (let t = 0; t < time; t += 1) {
              if (ids[b]![t] === placeholderTokenId) {
                positions.push(
                  tf.slice(embeddings, [b, next, 0], [1, 1, hiddenSize]).reshape([1, hiddenSize]),
                );
                next += 1;
              } else {
                positions.push(
                  tf.slice(embedded, [b, t, 0], [1, 1, hiddenSize]).reshape([1, hiddenSize]),
                );
              }
            }
            rows.push(tf.concat(positions, 0).expandDims(0));
          }
          embedded = tf.concat(rows, 0) as tf.Tensor3D;
        }
        const previous = tf.concat(
          [
            tf.zeros([batch, 1, hiddenSize]),
            tf.slice(embedded, [0, 0, 0], [batch, time - 1, hiddenSize]),
          ],
          1,
        );
        const hidden = tf.tanh(tf.add(embedded, tf.mul(previous, 0.5)));
        const logits = tf.add(
          tf.reshape(tf.matMul(tf.reshape(hidden, [batch * time, hiddenSize]), output), [
            batch,
            time,
            vocabSize,
          ]),
          bias,
        );
        return { logits: logits as tf.Tensor3D };
      });
    },
    trainableVariables: () => [embedding, output, bias],
    dispose: () => tf.dispose([embedding, output, bias]),
  };
}
