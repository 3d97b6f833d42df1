import { builtinWheelSet, emotionWheelReward, formatReward } from '@r1kit/emotion-wheel';
import { createCausalLM } from '@r1kit/lm';
import { trainBpe } from '@r1kit/tokenizer';
import { GrpoTrainer, SftTrainer } from '@r1kit/trainer';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';

// trainer + emotion-wheel + sampling + lm + tokenizer: a cold start that answers "happy" or
// "sad" at random, then GRPO on the EW accuracy reward whose truth is always a synonym of happy.
// The share of happy-cluster answers (the EW reward) must rise.
const specials = ['<|end|>', '<think>', '</think>', '<answer>', '</answer>', '<|assistant|>'];
const completions = [
  '<think>smile</think><answer>happy</answer>',
  '<think>tears</think><answer>sad</answer>',
];
const tokenizer = trainBpe([...completions, ...completions], {
  vocabSize: 290,
  specialTokens: specials,
});
const end = tokenizer.tokenToId('<|end|>') as number;
const prompt = tokenizer.encode('<|assistant|>', { addSpecialTokens: false });

describe('GrpoTrainer with emotion-wheel rewards', () => {
  it('raises the EW reward after a mixed cold start, without leaking tensors', async () => {
    const before = tf.memory().numTensors;
    const model = createCausalLM({
      config: {
        modelType: 'qwen2',
        vocabSize: tokenizer.vocabSize,
        hiddenSize: 16,
        intermediateSize: 32,
        numHiddenLayers: 1,
        numAttentionHeads: 2,
        numKeyValueHeads: 1,
        maxPositionEmbeddings: 64,
        ropeTheta: 10000,
        rmsNormEps: 1e-6,
        tieWordEmbeddings: true,
        attentionBias: true,
        eosTokenId: end,
      },
      seed: 2,
    });
    const examples = completions.map((text) => {
      const completion = tokenizer.encode(`${text}<|end|>`, { addSpecialTokens: false });
      return {
        inputIds: [...prompt, ...completion],
        completionMask: [...prompt.map(() => 0), ...completion.map(() => 1)],
      };
    });
    const sft = new SftTrainer({
      model,
      examples,
      batchSize: 2,
      maxSteps: 150,
      learningRate: 2e-2,
      padTokenId: end,
      seed: 1,
      progress: false,
    });
    const sftHistory = await sft.train();
    expect(sftHistory.at(-1)?.loss).toBeLessThan(0.5);
    sft.dispose();
    const wheels = builtinWheelSet();
    const grpo = new GrpoTrainer({
      model,
      prompts: [{ promptIds: prompt, payload: ['joyful'] }],
      rewardFunctions: [
        {
          name: 'accuracy',
          compute: ({ completions: texts, payloads }) =>
            emotionWheelReward(texts, { groundTruth: payloads.map((p) => p as string[]), wheels }),
        },
        { name: 'format', compute: ({ completions: texts }) => formatReward(texts) },
      ],
      rewardWeights: [1, 0.2],
      rollout: { tokenizer: { decode: (ids) => tokenizer.decode(ids) } },
      numGenerations: 8,
      perDeviceTrainBatchSize: 16,
      maxCompletionLength: 12,
      learningRate: 1e-2,
      maxSteps: 12,
      seed: 3,
      progress: false,
    });
    const history = await grpo.train();
    grpo.dispose();
    model.dispose();
    const accuracy = history.map((step) => step['rewards/accuracy/mean'] as number);
    const mean = (values: number[]) =>
      values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean(accuracy.slice(-4))).toBeGreaterThan(mean(accuracy.slice(0, 4)) + 0.1);
    expect(tf.memory().numTensors).toBe(before);
  });
});
