import { invalidArgument, type SoftTokenProvider } from '@r1kit/core';
import {
  emotionConcepts,
  generateSyntheticDataset,
  type MerSample,
  merGroundTruth,
  merSoftTokens,
} from '@r1kit/datasets';
import {
  builtinWheelSet,
  emotionWheelRewardFunction,
  extractEmotionWords,
} from '@r1kit/emotion-wheel';
import { AffectGptAdapter } from '@r1kit/encoders';
import { type CausalLM, createCausalLM } from '@r1kit/lm';
import { allowedTokensProcessor } from '@r1kit/sampling';
import { type Tokenizer, trainBpe } from '@r1kit/tokenizer';
import { GrpoTrainer, type NamedRewardFunction, type SftExample, SftTrainer } from '@r1kit/trainer';
import * as tf from '@tensorflow/tfjs-core';
import type { BrowserGrpoConfig } from './training-config.js';

/**
 * One optimiser step as the page plots it.
 *
 * @category Training
 */
export interface StepPoint {
  /** Step number, from 1. */
  step: number;
  /** Mean weighted reward of the step's completions (TRL's `reward`). */
  reward: number;
  /** Mean emotion-wheel F-score of the completions, without length penalty. */
  ewF: number;
  /** The policy loss. */
  loss: number | null;
  /** Wall time of the step in milliseconds (not compared between runs). */
  milliseconds: number;
}

/**
 * One cold-start SFT step.
 *
 * @category Training
 */
export interface SftPoint {
  /** Step number, from 1. */
  step: number;
  /** Mean cross-entropy of the completion tokens. */
  loss: number;
}

/**
 * Options of {@link trainGrpo}.
 *
 * @category Training
 */
export interface TrainGrpoOptions {
  /** The configuration (see `presets`). */
  config: BrowserGrpoConfig;
  /** Called after every GRPO optimiser step (live plots, progress bar). @defaultValue none */
  onStep?: (point: StepPoint, config: BrowserGrpoConfig) => void;
  /** Called after every cold-start SFT step (progress bar). @defaultValue none */
  onSftStep?: (point: SftPoint, config: BrowserGrpoConfig) => void;
  /** Current time in milliseconds. @defaultValue `performance.now` */
  now?: () => number;
}

/**
 * The result of {@link trainGrpo}.
 *
 * @category Training
 */
export interface TrainGrpoResult {
  /** The TensorFlow.js backend that ran the training. */
  backend: string;
  /** Every cold-start SFT step, in order. */
  sftSteps: SftPoint[];
  /** Every GRPO step, in order. */
  steps: StepPoint[];
  /** The completions of the last step with their prompts and rewards, for display. */
  samples: CompletionSample[];
}

/**
 * One scored completion of the last step.
 *
 * @category Training
 */
export interface CompletionSample {
  /** The sample's subtitle (the prompt's text part). */
  subtitle: string;
  /** What the sample's features show (the synthetic task's cue description). */
  evidence: string;
  /** The ground-truth labels. */
  labels: readonly string[];
  /** The sampled completion. */
  completion: string;
  /** Its emotion-wheel F-score. */
  ewF: number;
}

const end = '<|end|>';
const soft = '<|soft|>';

/** The prompt of one sample: three soft tokens (audio, video, fused), then the subtitle. */
function promptText(sample: MerSample): string {
  return `${soft}${soft}${soft} subtitle: ${sample.subtitle}. feeling:`;
}

/** The cold-start target: the first labels (as many as fit before the end token), then the end token. */
function targetText(sample: MerSample, maxCompletionLength: number): string {
  const words = sample.labels.slice(0, maxCompletionLength - 1);
  return `${words.map((word) => ` ${word}`).join('')}${end}`;
}

/** The two rewards: EW accuracy with length penalty (optimised) and EW-F (logged, and kept for display). */
function rewardFunctions(last: CompletionSample[]): Array<NamedRewardFunction<MerSample>> {
  const ew = {
    wheels: builtinWheelSet(),
    groundTruth: merGroundTruth,
    requireTags: false,
    parseAnswer: (answer: string) => extractEmotionWords(answer),
  };
  const ewF = emotionWheelRewardFunction(ew);
  return [
    { name: 'accuracy', compute: emotionWheelRewardFunction({ ...ew, lengthPenalty: 'p1' }) },
    {
      name: 'ew_f',
      compute: (inputs) => {
        const scores = ewF(inputs);
        const shown = inputs.completions.map((completion, index) => {
          const sample = inputs.payloads[index];
          return {
            subtitle: sample?.subtitle ?? '',
            evidence: sample?.description ?? '',
            labels: sample?.labels ?? [],
            completion,
            ewF: scores[index] as number,
          };
        });
        last.splice(0, last.length, ...shown);
        return scores;
      },
    },
  ];
}

/** Every open-vocabulary label of the task, with a leading space: the words the policy may write. */
const answerWords = [...new Set(emotionConcepts.flatMap((concept) => concept.labels))]
  .sort()
  .map((word) => ` ${word}`);

/** The one-token ids of the answer words; refuses a vocabulary too small to keep each whole. */
function wordTokenIds(tokenizer: Tokenizer, vocabSize: number): number[] {
  return answerWords.map((word) => {
    const ids = tokenizer.encode(word);
    if (ids.length !== 1) {
      throw invalidArgument({
        functionName: 'trainGrpo',
        argument: 'options.config.vocabSize',
        received: vocabSize,
        expected: `large enough that every answer word is one token ('${word.trim()}' takes ${ids.length})`,
      });
    }
    return ids[0] as number;
  });
}

/** What {@link coldStart} needs. */
interface ColdStartOptions {
  model: CausalLM;
  adapter: AffectGptAdapter;
  config: BrowserGrpoConfig;
  examples: Array<SftExample<MerSample>>;
  softTokens: SoftTokenProvider<MerSample>;
  padTokenId: number;
  onSftStep?: TrainGrpoOptions['onSftStep'];
}

/**
 * The cold start: SFT of the LM and the adapter on the samples' labels, one step at a time so
 * that a page repaints between steps.
 */
async function coldStart(options: ColdStartOptions): Promise<SftPoint[]> {
  const { config } = options;
  const points: SftPoint[] = [];
  if (config.sftSteps === 0) return points;
  const sft = new SftTrainer<MerSample>({
    model: options.model,
    examples: options.examples,
    extraVariables: options.adapter.trainableVariables(),
    softTokens: options.softTokens,
    batchSize: config.sftBatchSize,
    maxSteps: config.sftSteps,
    learningRate: config.sftLearningRate,
    padTokenId: options.padTokenId,
    seed: config.seed,
    progress: false,
  });
  try {
    for (let step = 1; step <= config.sftSteps; step += 1) {
      const metrics = sft.trainStep();
      const point = { step, loss: metrics.loss as number };
      points.push(point);
      options.onSftStep?.(point, config);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  } finally {
    sft.dispose();
  }
  return points;
}

/**
 * Trains a tiny Qwen2-style policy and AffectGPT's multimodal adapter with GRPO on the synthetic
 * OV-MER-like task of `@r1kit/datasets` (audio and face features as three soft tokens, plus
 * the subtitle), rewarded by the emotion-wheel metric: the same code runs
 * in the page and in Node, so equal configurations give equal numbers on one backend. Uses the
 * active TensorFlow.js backend; frees every tensor it creates.
 *
 * @param options - See {@link TrainGrpoOptions}.
 * @returns The backend, the per-step metrics and sample completions.
 * @example
 * ```ts
 * const { steps } = await trainGrpo({ config: presets.micro });
 * ```
 * @category Training
 */
export async function trainGrpo(options: TrainGrpoOptions): Promise<TrainGrpoResult> {
  const { config } = options;
  const now = options.now ?? (() => performance.now());
  const { train } = generateSyntheticDataset({ seed: config.seed, size: config.samples });
  const prompts = train.map(promptText);
  const tokenizer = trainBpe([...prompts, ...answerWords, ...answerWords], {
    vocabSize: config.vocabSize,
    specialTokens: [end, soft],
  });
  const endTokenId = tokenizer.tokenToId(end) as number;
  const placeholderTokenId = tokenizer.tokenToId(soft) as number;
  const allowedTokenIds = [endTokenId, ...wordTokenIds(tokenizer, config.vocabSize)];
  const model = createCausalLM({
    seed: config.seed,
    config: {
      modelType: 'qwen2',
      vocabSize: tokenizer.vocabSize,
      hiddenSize: config.hiddenSize,
      intermediateSize: 2 * config.hiddenSize,
      numHiddenLayers: config.layers,
      numAttentionHeads: config.heads,
      numKeyValueHeads: Math.max(1, config.heads / 2),
      maxPositionEmbeddings: 64,
      ropeTheta: 10000,
      rmsNormEps: 1e-6,
      tieWordEmbeddings: true,
      attentionBias: true,
      eosTokenId: endTokenId,
    },
  });
  const first = train[0] as MerSample;
  const adapter = new AffectGptAdapter({
    audioSize: first.audioShape[1],
    videoSize: first.videoShape[1],
    hiddenSize: config.hiddenSize,
    seed: config.seed,
  });
  const softTokens = (training: boolean) =>
    merSoftTokens({ adapter, placeholderTokenId, training });
  try {
    const sftSteps = await coldStart({
      model,
      adapter,
      config,
      examples: train.map((sample, index) => {
        const prompt = tokenizer.encode(prompts[index] as string);
        const target = tokenizer.encode(targetText(sample, config.maxCompletionLength));
        return {
          inputIds: [...prompt, ...target],
          completionMask: [...prompt.map(() => 0), ...target.map(() => 1)],
          payload: sample,
        };
      }),
      softTokens: softTokens(true),
      padTokenId: endTokenId,
      onSftStep: options.onSftStep,
    });
    const samples: CompletionSample[] = [];
    const trainer = new GrpoTrainer<MerSample>({
      model,
      prompts: train.map((sample, index) => ({
        promptIds: tokenizer.encode(prompts[index] as string),
        payload: sample,
      })),
      rewardFunctions: rewardFunctions(samples),
      rewardWeights: [1, 0],
      rollout: {
        tokenizer: { decode: (ids) => tokenizer.decode(ids, { skipSpecialTokens: true }) },
        eosTokenId: endTokenId,
        logitsProcessors: [allowedTokensProcessor({ allowedTokenIds })],
      },
      loss: { beta: config.beta },
      padTokenId: endTokenId,
      extraVariables: adapter.trainableVariables(),
      softTokens: softTokens(false),
      numGenerations: config.numGenerations,
      perDeviceTrainBatchSize: config.promptsPerStep * config.numGenerations,
      maxCompletionLength: config.maxCompletionLength,
      temperature: config.temperature,
      learningRate: config.learningRate,
      maxSteps: config.maxSteps,
      seed: config.seed,
      progress: false,
    });
    const steps: StepPoint[] = [];
    try {
      while (trainer.step < config.maxSteps) {
        const started = now();
        const history = await trainer.trainStep();
        const milliseconds = (now() - started) / Math.max(1, history.length);
        for (const metrics of history) {
          const point: StepPoint = {
            step: steps.length + 1,
            reward: metrics.reward as number,
            ewF: metrics['rewards/ew_f/mean'] as number,
            loss: (metrics.loss as number | null) ?? null,
            milliseconds,
          };
          steps.push(point);
          options.onStep?.(point, config);
        }
      }
    } finally {
      trainer.dispose();
    }
    return { backend: tf.getBackend(), sftSteps, steps, samples };
  } finally {
    model.dispose();
    adapter.dispose();
  }
}
