// A tiny one-layer attention model implementing the CausalLM interface of @r1kit/lm, with a KV
// cache, positions from cumsum(attentionMask) - 1 and soft tokens, for tests that must not
// depend on the real model's implementation.
import type { CausalLM, CausalLMConfig, ForwardInputs, ForwardOutputs, KVCache } from '@r1kit/lm';
import * as tf from '@tensorflow/tfjs-core';

/** Options of {@link createTinyCausalLM}. */
export interface TinyCausalLMOptions {
  /** Vocabulary size. */
  vocabSize?: number;
  /** Hidden width. */
  hiddenSize?: number;
  /** Seed of the random weights. */
  seed?: number;
  /** End-of-sequence id written in the config. */
  eosTokenId?: number;
}

export function createTinyCausalLM(options: TinyCausalLMOptions = {}): CausalLM {
  const vocabSize = options.vocabSize ?? 32;
  const hiddenSize = options.hiddenSize ?? 16;
  const seed = options.seed ?? 0;
  const maxPositionEmbeddings = 256;
  const weight = (shape: number[], offset: number, scale: number) =>
    tf.variable(tf.mul(tf.randomNormal(shape, 0, 1, 'float32', seed + offset), scale));
  const embedding = weight([vocabSize, hiddenSize], 1, 1);
  const positions = weight([maxPositionEmbeddings, hiddenSize], 2, 0.5);
  const [query, key, value] = [3, 4, 5].map((o) => weight([hiddenSize, hiddenSize], o, 0.5));
  const head = weight([hiddenSize, vocabSize], 6, 0.6);
  const variables = [embedding, positions, query!, key!, value!, head];
  const config: CausalLMConfig = {
    modelType: 'llama',
    vocabSize,
    hiddenSize,
    intermediateSize: hiddenSize,
    numHiddenLayers: 1,
    numAttentionHeads: 1,
    numKeyValueHeads: 1,
    maxPositionEmbeddings,
    ropeTheta: 10000,
    rmsNormEps: 1e-6,
    tieWordEmbeddings: false,
    attentionBias: false,
    ...(options.eosTokenId === undefined ? {} : { eosTokenId: options.eosTokenId }),
  };

  function embed(inputs: ForwardInputs): tf.Tensor3D {
    const [batch, time] = inputs.inputIds.shape;
    const tokens = tf.gather(embedding, inputs.inputIds) as tf.Tensor3D;
    const soft = inputs.softTokens;
    if (!soft) return tokens;
    const ids = inputs.inputIds.arraySync();
    const numSoft = soft.embeddings.shape[1];
    const index: number[] = [];
    ids.forEach((row, b) => {
      let k = 0;
      row.forEach((id, t) => {
        index.push(
          id === soft.placeholderTokenId ? batch * time + b * numSoft + k++ : b * time + t,
        );
      });
    });
    const table = tf.concat([
      tf.reshape(tokens, [batch * time, hiddenSize]),
      tf.reshape(soft.embeddings, [batch * numSoft, hiddenSize]),
    ]);
    return tf.reshape(tf.gather(table, index), [batch, time, hiddenSize]);
  }

  function forward(inputs: ForwardInputs): ForwardOutputs {
    // tidy keeps every tensor reachable from the returned object, including the cache's.
    return tf.tidy((() => {
      const [batch, time] = inputs.inputIds.shape;
      const pastLength = inputs.pastKeyValues?.length ?? 0;
      const total = pastLength + time;
      const mask = inputs.attentionMask ?? tf.ones([batch, total], 'int32');
      const positionIds = tf.slice(
        tf.maximum(
          tf.sub(tf.cumsum(tf.cast(mask, 'int32'), 1), tf.scalar(1, 'int32')),
          tf.scalar(0, 'int32'),
        ),
        [0, pastLength],
        [batch, time],
      );
      const x = tf.add(embed(inputs), tf.gather(positions, positionIds));
      const project = (w: tf.Tensor) =>
        tf.reshape(tf.matMul(tf.reshape(x, [batch * time, hiddenSize]), w), [
          batch,
          time,
          hiddenSize,
        ]);
      const q = project(query!);
      const past = inputs.pastKeyValues?.layers[0];
      const k = past ? tf.concat([tf.squeeze(past.key, [1]), project(key!)], 1) : project(key!);
      const v = past
        ? tf.concat([tf.squeeze(past.value, [1]), project(value!)], 1)
        : project(value!);
      const queryIndex = tf.reshape(tf.range(pastLength, total), [1, time, 1]);
      const keyIndex = tf.reshape(tf.range(0, total), [1, 1, total]);
      const visible = tf.logicalAnd(
        tf.lessEqual(keyIndex, queryIndex),
        tf.reshape(tf.greater(mask, 0), [batch, 1, total]),
      );
      const scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(hiddenSize));
      const weights = tf.softmax(tf.where(visible, scores, tf.fill(scores.shape, -1e9)));
      const hidden = tf.tanh(tf.add(x, tf.matMul(weights, v)));
      const logits = tf.reshape(tf.matMul(tf.reshape(hidden, [batch * time, hiddenSize]), head), [
        batch,
        time,
        vocabSize,
      ]) as tf.Tensor3D;
      if (!inputs.useCache) return { logits };
      const cache = makeCache(tf.expandDims(k, 1), tf.expandDims(v, 1), total);
      return { logits, pastKeyValues: cache };
    }) as () => tf.TensorContainer) as unknown as ForwardOutputs;
  }

  return {
    config,
    forward,
    trainableVariables: () => variables,
    dispose: () => tf.dispose(variables),
  };
}

function makeCache(key: tf.Tensor, value: tf.Tensor, length: number): KVCache {
  return { layers: [{ key, value }], length, dispose: () => tf.dispose([key, value]) };
}
