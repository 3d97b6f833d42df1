// The tiny Qwen2 policy the tests train and the fake server serves: the same seed gives the
// same base weights in both, and the trainer's LoRA adapter reaches the server through PEFT files.
import { type CausalLMConfig, createCausalLM, type TransformerCausalLM } from '@r1kit/lm';
import type { GenerationTokenizer } from '@r1kit/sampling';
import type { GrpoPrompt, GrpoTrainerOptions } from '@r1kit/trainer';

export const config: CausalLMConfig = {
  modelType: 'qwen2',
  vocabSize: 16,
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
  eosTokenId: 2,
};

export const servedName = 'tiny-qwen2';

/** Decodes ids as their numbers (the server and the in-process engine decode alike). */
export const tokenizer: GenerationTokenizer = { decode: (ids) => ids.join(' ') };

export function baseModel(): TransformerCausalLM {
  return createCausalLM({ config, seed: 7, initializerRange: 0.5 });
}

export function policyModel(): TransformerCausalLM {
  const model = baseModel();
  model.addAdapter({ rank: 2, alpha: 4, targetModules: ['q_proj', 'v_proj', 'up_proj'], seed: 3 });
  return model;
}

export const prompts: GrpoPrompt[] = [3, 4, 5, 6].map((a) => ({ promptIds: [1, a, 9] }));

/** The trainer's options except the model and the engine. */
export function trainerOptions(): Omit<GrpoTrainerOptions, 'model'> {
  return {
    prompts,
    rewardFunctions: [
      {
        name: 'sevens',
        compute: ({ completionIds }) =>
          completionIds.map((ids) => ids.filter((id) => id === 7).length / Math.max(1, ids.length)),
      },
    ],
    rollout: { tokenizer },
    numGenerations: 4,
    perDeviceTrainBatchSize: 8,
    maxCompletionLength: 5,
    learningRate: 0.05,
    maxSteps: 3,
    seed: 5,
    progress: false,
  };
}
