import { R1kitError } from '@r1kit/core';
import type { MerSample } from '@r1kit/datasets';
import { AffectGptAdapter } from '@r1kit/encoders';
import { inspectPretrainedModel, loadCausalLM } from '@r1kit/lm';
import { endOfTurnToken, placeholderToken, renderChatTemplate, Tokenizer } from '@r1kit/tokenizer';
import { addLora, assemblePolicy, type Policy, type PolicyTextFormat } from './build-policy.js';
import { softTokenCount } from './text-format.js';

/**
 * Options of {@link loadPretrainedPolicy}.
 *
 * @category Pipeline
 */
export interface LoadPretrainedPolicyOptions {
  /** The Hugging Face model directory (`--model`). */
  directory: string;
  /** LoRA rank; 0 fine-tunes every weight. @defaultValue 16 */
  loraRank?: number;
  /** Seed of the LoRA and adapter initialisation. @defaultValue 0 */
  seed?: number;
  /** Placeholder token of the soft tokens. @defaultValue the first of `@r1kit/tokenizer`'s `placeholderTokenCandidates` in the vocabulary */
  softToken?: string;
  /** Whether the prompt asks for a `<think>` section. @defaultValue true */
  think?: boolean;
  /** Progress lines. @defaultValue no output */
  log?: (line: string) => void;
}

function configError(message: string): R1kitError {
  return new R1kitError({ code: 'INVALID_CONFIG', message });
}

/**
 * The chat-template prompt: the three placeholders, the subtitle and the task instruction as the
 * user turn, then the generation prompt. `<think>`/`<answer>` are plain text here, and the
 * rewards parse them from the decoded text, so multi-token tags are fine.
 */
function pretrainedFormat(
  tokenizer: Tokenizer,
  soft: string,
  end: string,
  think: boolean,
): PolicyTextFormat {
  const shape = think
    ? 'Think first inside <think></think>, then give the emotions inside <answer></answer>, separated by commas.'
    : 'Give the emotions inside <answer></answer>, separated by commas.';
  const hasTemplate = tokenizer.config.chat_template != null;
  return {
    prompt: (sample) => {
      const content = `${soft.repeat(softTokenCount)}subtitle: ${sample.subtitle}\nWhich emotions does the person show? ${shape}`;
      return hasTemplate
        ? renderChatTemplate([{ role: 'user', content }], { tokenizer, addGenerationPrompt: true })
        : `${content}\n`;
    },
    completion: (sample, options) => {
      const answer = `<answer>${sample.labels.join(', ')}</answer>`;
      return `${options.think ? `<think>${sample.description}</think>` : ''}${answer}${end}`;
    },
  };
}

/**
 * Loads a pretrained Hugging Face model directory as the policy of the `paper` preset: the
 * weights with `loadCausalLM` (LoRA attached unless `loraRank` is 0), `tokenizer.json` with
 * `tokenizer_config.json`'s chat template (its end-of-turn token ends completions), an existing added token as the
 * soft-token placeholder, and a fresh AffectGPT adapter of the model's hidden size.
 *
 * @param train - Training samples (feature sizes of the adapter).
 * @param options - See {@link LoadPretrainedPolicyOptions}.
 * @returns The policy; call `dispose()` when done.
 * @throws R1kitError `NOT_FOUND` / `UNSUPPORTED` / `PARSE_ERROR` for a bad directory
 *   (see `@r1kit/lm`'s `inspectPretrainedModel`), `INVALID_ARGUMENT` / `NOT_FOUND` for an unusable
 *   `softToken` or a vocabulary without a placeholder (see `@r1kit/tokenizer`'s
 *   `placeholderToken`), `INVALID_CONFIG` for a missing eos token or a tokenizer larger than the
 *   embedding matrix.
 * @example
 * ```ts
 * const policy = await loadPretrainedPolicy(splits.train, { directory: '/models/Qwen2.5-7B-Instruct', loraRank: 16 });
 * policy.dispose();
 * ```
 * @category Pipeline
 */
export async function loadPretrainedPolicy(
  train: readonly MerSample[],
  options: LoadPretrainedPolicyOptions,
): Promise<Policy> {
  const files = inspectPretrainedModel({ directory: options.directory });
  const seed = options.seed ?? 0;
  const loraRank = options.loraRank ?? 16;
  const log = options.log ?? (() => {});
  const tokenizer = await Tokenizer.fromFile(files.tokenizerJson, files.tokenizerConfigJson);
  if (tokenizer.vocabSize > files.config.vocabSize) {
    throw configError(
      `--model ${JSON.stringify(options.directory)}: tokenizer.json has ${tokenizer.vocabSize} tokens but config.json's vocab_size is ${files.config.vocabSize}; use the tokenizer that ships with the model.`,
    );
  }
  const soft = placeholderToken(tokenizer, { token: options.softToken });
  const end = endOfTurnToken(tokenizer, { eosTokenId: files.config.eosTokenId });
  if (end === undefined) {
    throw configError(
      `--model ${JSON.stringify(options.directory)}: neither the chat template, tokenizer_config.json (eos_token) nor config.json (eos_token_id) names an end-of-sequence token of the vocabulary; add eos_token to tokenizer_config.json.`,
    );
  }
  const model = await loadCausalLM(options.directory, {
    seed,
    onProgress: (progress) =>
      log(`loading ${progress.file} (${progress.filesRead}/${progress.fileCount})`),
  });
  try {
    if (loraRank > 0) addLora(model, loraRank, seed);
    const sample = train[0] as MerSample;
    const adapter = new AffectGptAdapter({
      audioSize: sample.audioShape[1],
      videoSize: sample.videoShape[1],
      hiddenSize: model.config.hiddenSize,
      seed,
    });
    log(
      `pretrained model: soft-token placeholder ${soft.text} (${soft.id}), end of turn ${end.text}`,
    );
    return assemblePolicy({
      tokenizer,
      model,
      adapter,
      placeholderTokenId: soft.id,
      endTokenId: end.id,
      format: pretrainedFormat(tokenizer, soft.text, end.text, options.think ?? true),
    });
  } catch (error) {
    model.dispose();
    throw error;
  }
}
