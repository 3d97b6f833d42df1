import {
  emotionWheelReward,
  emotionWheelRewardFunction,
  formatReward,
  formatRewardFunction,
} from '@r1kit/emotion-wheel';
import { createTinyCausalLM } from '@r1kit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { GrpoTrainer } from './grpo-trainer.js';
import type { GrpoPrompt, RolloutCompletion, RolloutEngine, RolloutRequest } from './grpo-types.js';

// The emotion-wheel reward functions plug into GrpoTrainer with no closure: the ground truth
// travels in each prompt's payload (TRL's ground_truth column) and the factories read it there.
interface Clip {
  readonly groundTruth: string;
}
const prompts: Array<GrpoPrompt<Clip>> = [
  { promptIds: [1, 3], payload: { groundTruth: '[happy, sad]' } },
  { promptIds: [1, 4], payload: { groundTruth: '[angry]' } },
];
const answers = [
  ['<think>t</think><answer>happy, sad</answer>', '<think>t</think><answer>happy</answer>'],
  ['<think>t</think><answer>angry, furious, sad</answer>', '<answer>sad,sad,,,</answer>'],
];

/** Returns the completions above, `answers[p][j % 2]` for the j-th completion of prompt p. */
class ScriptedEngine implements RolloutEngine<Clip> {
  /** The prompts of each request, in rollout order. */
  readonly requests: Array<ReadonlyArray<GrpoPrompt<Clip>>> = [];
  async rollout(request: RolloutRequest<Clip>): Promise<RolloutCompletion[]> {
    this.requests.push(request.prompts);
    return request.prompts.flatMap((prompt, promptIndex) =>
      Array.from({ length: request.numGenerations }, (_, j) => {
        const group = prompt.promptIds[1]! - 3;
        return {
          promptIndex,
          completionIds: [5 + j, 6, 2],
          text: answers[group]![j % 2]!,
          finishReason: 'eos' as const,
        };
      }),
    );
  }
}

const mean = (values: readonly number[]) =>
  values.reduce((sum, value) => sum + value, 0) / values.length;

function trainer(rolloutPrompts: ReadonlyArray<GrpoPrompt<Clip>>) {
  const model = createTinyCausalLM({ seed: 5 });
  const engine = new ScriptedEngine();
  const grpo = new GrpoTrainer({
    model,
    prompts: rolloutPrompts,
    rewardFunctions: [
      { name: 'accuracy', compute: emotionWheelRewardFunction({ lengthPenalty: 'p1' }) },
      { name: 'format', compute: formatRewardFunction() },
    ],
    rewardWeights: [1, 0.5],
    rollout: engine,
    numGenerations: 4,
    perDeviceTrainBatchSize: 8,
    maxCompletionLength: 3,
    learningRate: 1e-3,
    maxSteps: 1,
    seed: 1,
    progress: false,
    padTokenId: 0,
  });
  return { model, grpo, engine };
}

describe('GrpoTrainer with emotion-wheel reward functions', () => {
  it('logs rewards/<name>/mean equal to the direct emotion-wheel computation', async () => {
    const before = tf.memory().numTensors;
    const { model, grpo } = trainer(prompts);
    const [metrics] = await grpo.trainStep();
    grpo.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    // The rollout (in the data order; the means do not depend on it): each prompt with
    // answers[p][0], [1], [0], [1].
    const texts = answers.flatMap((pair) => [...pair, ...pair]);
    const groundTruth = prompts.flatMap((prompt) => Array(4).fill(prompt.payload!.groundTruth));
    const accuracy = emotionWheelReward(texts, { groundTruth, lengthPenalty: 'p1' });
    const format = formatReward(texts);
    // Built-in wheels: exact; F1 2/3 (one of two labels); F1 2/3 times P1 = 1/(3 - 1 + 1); sad
    // for angry. The trainer's mean is 17/36.
    const row = [1, 2 / 3, 1, 2 / 3, 2 / 9, 0, 2 / 9, 0];
    expect(accuracy).toEqual(row.map((value) => expect.closeTo(value, 15)));
    expect(format).toEqual([1, 1, 1, 1, 1, 0, 1, 0]);
    expect(metrics?.['rewards/accuracy/mean']).toBeCloseTo(mean(accuracy), 12);
    expect(mean(accuracy)).toBeCloseTo(17 / 36, 15);
    expect(metrics?.['rewards/format/mean']).toBeCloseTo(mean(format), 12);
    expect(metrics?.reward).toBeCloseTo(
      mean(accuracy.map((value, index) => value + 0.5 * format[index]!)),
      12,
    );
  });

  it('fails with the index of a completion whose prompt has no ground truth', async () => {
    const { model, grpo, engine } = trainer([prompts[0]!, { promptIds: [1, 4] }]);
    const failure = grpo.trainStep();
    await expect(failure).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    // The data order decides where the prompt without payload lands: completion 4 * its index.
    const index = 4 * engine.requests[0]!.findIndex((prompt) => prompt.payload === undefined);
    await expect(failure).rejects.toThrow(
      `emotionWheelRewardFunction: payloads[${index}] must be the payload of the prompt of completion ${index}, carrying its ground truth (give every prompt a payload); received undefined`,
    );
    grpo.dispose();
    model.dispose();
  });
});
