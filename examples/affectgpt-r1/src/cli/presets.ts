import type { RunConfig } from './run-config.js';

/**
 * The preset part of a {@link RunConfig}: everything except what only flags set.
 *
 * @category CLI
 */
export type PresetConfig = Omit<
  RunConfig,
  'seed' | 'out' | 'ewResources' | 'data' | 'model' | 'resume' | 'backend'
>;

const shared = {
  think: true,
  accuracyWeight: 1,
  formatWeight: 0.2,
  dualWeight: 0,
  alignmentWeight: 0,
  lengthPenalty: 'p3',
  beta: 0,
  temperature: 1,
  topP: 0.9,
} as const;

/**
 * The built-in presets. `micro` is the CI smoke run (the no-think variant, which a 32-wide
 * one-layer model learns to format within its 150 SFT steps; 30 GRPO steps of 4 x 8 so that
 * the reward trend is not drowned in sampling noise), `tiny` the default CPU run (a few
 * minutes on two cores), `small` a larger CPU/GPU run, `paper` the AffectGPT-R1 shape for a
 * pretrained model given with `--model` (GPU only).
 *
 * @category CLI
 */
export const presets: Readonly<Record<RunConfig['preset'], PresetConfig>> = {
  micro: {
    ...shared,
    preset: 'micro',
    think: false,
    datasetSize: 80,
    shape: { hiddenSize: 32, layers: 1, heads: 2, vocabSize: 400, loraRank: 0 },
    sftSteps: 150,
    sftBatchSize: 8,
    sftLearningRate: 1e-2,
    grpoSteps: 30,
    promptsPerStep: 4,
    numGenerations: 8,
    grpoLearningRate: 1e-3,
    maxCompletionLength: 48,
    evalSamples: 8,
  },
  tiny: {
    ...shared,
    preset: 'tiny',
    datasetSize: 600,
    shape: { hiddenSize: 64, layers: 2, heads: 4, vocabSize: 512, loraRank: 0 },
    sftSteps: 200,
    sftBatchSize: 16,
    sftLearningRate: 5e-3,
    grpoSteps: 120,
    promptsPerStep: 4,
    numGenerations: 16,
    grpoLearningRate: 5e-4,
    maxCompletionLength: 48,
    evalSamples: 0,
  },
  small: {
    ...shared,
    preset: 'small',
    datasetSize: 1500,
    shape: { hiddenSize: 128, layers: 4, heads: 4, vocabSize: 640, loraRank: 0 },
    sftSteps: 600,
    sftBatchSize: 16,
    sftLearningRate: 2e-3,
    grpoSteps: 150,
    promptsPerStep: 8,
    numGenerations: 8,
    grpoLearningRate: 3e-4,
    maxCompletionLength: 48,
    evalSamples: 0,
  },
  paper: {
    ...shared,
    preset: 'paper',
    datasetSize: 1200,
    shape: { hiddenSize: 3584, layers: 28, heads: 28, vocabSize: 152064, loraRank: 16 },
    sftSteps: 5000,
    sftBatchSize: 3,
    sftLearningRate: 1e-5,
    grpoSteps: 500,
    promptsPerStep: 2,
    numGenerations: 8,
    grpoLearningRate: 1e-6,
    maxCompletionLength: 256,
    evalSamples: 0,
  },
};
