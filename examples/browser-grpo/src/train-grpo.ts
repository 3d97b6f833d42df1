import { builtinWheelSet, emotionWheelReward, extractEmotionWords } from '@r1kit/emotion-wheel';
import { createCausalLM } from '@r1kit/lm';
import { allowedTokensProcessor } from '@r1kit/sampling';
import { type Tokenizer, trainBpe } from '@r1kit/tokenizer';
import { GrpoTrainer, type NamedRewardFunction } from '@r1kit/trainer';
import * as tf from '@tensorflow/tfjs-core';
import { type EmotionPrompt, syntheticEmotionPrompts } from './synthetic-task.js';
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
 * Options of {@link trainGrpo}.
 *
 * @category Training
 */
export interface TrainGrpoOptions {
  /** The configuration (see `presets`). */
  config: BrowserGrpoConfig;
  /** Called after every optimiser step (live plots, progress bar). @defaultValue none */
  onStep?: (point: StepPoint, config: BrowserGrpoConfig) => void;
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
  /** Every step, in order. */
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
  /** The prompt text. */
  prompt: string;
  /** The sampled completion. */
  completion: string;
  /** Its emotion-wheel F-score. */
  ewF: number;
}

const end = '<|end|>';

/** The two rewards: EW accuracy with length penalty (optimised) and EW-F (logged). */
function rewardFunctions(last: CompletionSample[]): Array<NamedRewardFunction<EmotionPrompt>> {
  const wheels = builtinWheelSet();
  const score = (
    completions: readonly string[],
    payloads: ReadonlyArray<EmotionPrompt | undefined>,
    lengthPenalty: 'p1' | 'none',
  ) =>
    emotionWheelReward(completions, {
      groundTruth: payloads.map((payload) => [...(payload?.labels ?? [])]),
      wheels,
      requireTags: false,
      parseAnswer: (answer) => extractEmotionWords(answer),
      lengthPenalty,
    });
  return [
    {
      name: 'accuracy',
      compute: ({ completions, payloads }) => score(completions, payloads, 'p1'),
    },
    {
      name: 'ew_f',
      compute: ({ completions, payloads }) => {
        const scores = score(completions, payloads, 'none');
        last.splice(0, last.length);
        completions.forEach((completion, index) => {
          const prompt = payloads[index]?.text ?? '';
          last.push({ prompt, completion, ewF: scores[index] as number });
        });
        return scores;
      },
    },
  ];
}

/** Every word of the prompts and the emotions, with a leading space (one token each). */
function answerWords(prompts: readonly EmotionPrompt[], emotions: readonly string[]): string[] {
  const words = new Set(emotions);
  for (const prompt of prompts) {
    for (const word of prompt.text.match(/[a-z]+/g) ?? []) words.add(word);
  }
  return [...words].sort().map((word) => ` ${word}`);
}

/** The ids of the words the tokenizer keeps as one token: the policy writes only those. */
function wordTokenIds(tokenizer: Tokenizer, words: readonly string[]): number[] {
  const ids = words.map((word) => tokenizer.encode(word));
  return ids.filter((word) => word.length === 1).map((word) => word[0] as number);
}

/**
 * Trains a tiny Qwen2-style policy with GRPO on the synthetic emotion task: the same code runs
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
  const prompts = syntheticEmotionPrompts({
    seed: config.seed,
    count: config.prompts,
    emotions: config.emotions,
  });
  const words = answerWords(prompts, config.emotions);
  const tokenizer = trainBpe([...prompts.map((prompt) => prompt.text), ...words, ...words], {
    vocabSize: config.vocabSize,
    specialTokens: [end],
  });
  const endTokenId = tokenizer.tokenToId(end) as number;
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
  const samples: CompletionSample[] = [];
  const trainer = new GrpoTrainer<EmotionPrompt>({
    model,
    prompts: prompts.map((prompt) => ({
      promptIds: tokenizer.encode(prompt.text),
      payload: prompt,
    })),
    rewardFunctions: rewardFunctions(samples),
    rewardWeights: [1, 0],
    tokenizer: { decode: (ids) => tokenizer.decode(ids, { skipSpecialTokens: true }) },
    eosTokenId: endTokenId,
    padTokenId: endTokenId,
    logitsProcessors: [
      allowedTokensProcessor({ allowedTokenIds: [endTokenId, ...wordTokenIds(tokenizer, words)] }),
    ],
    numGenerations: config.numGenerations,
    perDeviceTrainBatchSize: config.promptsPerStep * config.numGenerations,
    maxCompletionLength: config.maxCompletionLength,
    temperature: config.temperature,
    learningRate: config.learningRate,
    beta: config.beta,
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
    return { backend: tf.getBackend(), steps, samples };
  } finally {
    trainer.dispose();
    model.dispose();
  }
}
