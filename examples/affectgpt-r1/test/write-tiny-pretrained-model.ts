import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type CausalLMConfig, createCausalLM, saveCausalLM } from '@r1kit/lm';
import { Tokenizer, trainBpe } from '@r1kit/tokenizer';

/** Options of {@link writeTinyPretrainedModel}. */
export interface WriteTinyPretrainedModelOptions {
  /** Texts the byte-level BPE is trained on (ignored with `tokenizerFrom`). @defaultValue `[]` */
  corpus?: readonly string[];
  /**
   * A directory whose `tokenizer.json` and `tokenizer_config.json` are used instead of a trained
   * BPE (e.g. a real model's tokenizer); the vocabulary size follows it.
   *
   * @defaultValue none: train a BPE on `corpus`
   */
  tokenizerFrom?: string;
  /** Special tokens (ids 0..n-1). @defaultValue `['<|endoftext|>', '<|im_start|>', '<|im_end|>', '<|video_pad|>']` */
  specialTokens?: readonly string[];
  /** `chat_template` of tokenizer_config.json; `null` writes none. @defaultValue a ChatML template */
  chatTemplate?: string | null;
  /** Residual width (a multiple of 2, the number of heads). @defaultValue 32 */
  hiddenSize?: number;
  /** Seed of the weights. @defaultValue 0 */
  seed?: number;
  /**
   * Architecture fields that replace the tiny Qwen2 defaults, for another family (for example
   * `{ modelType: 'gemma3_text', headDim: 8, ... }`); the vocabulary size and eos id still follow
   * the tokenizer. @defaultValue none: Qwen2
   */
  architecture?: Partial<CausalLMConfig>;
}

const chatMl =
  "{% for m in messages %}{{ '<|im_start|>' + m['role'] + '\\n' + m['content'] + '<|im_end|>\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

/**
 * Writes a tiny model (Qwen2 unless `architecture` says otherwise) in the Hugging Face layout
 * (`config.json`, `model.safetensors`, `tokenizer.json`, `tokenizer_config.json` with a ChatML
 * template and `<|im_end|>` as eos), so that the tests exercise the `--model` path of the paper
 * preset on a CPU without a download.
 *
 * @param directory - Where to write (created).
 * @param options - See {@link WriteTinyPretrainedModelOptions}.
 * @returns The model config that was written.
 * @example
 * ```ts
 * await writeTinyPretrainedModel('/tmp/tiny-qwen', { corpus: ['subtitle: hello', '<answer>happy</answer>'] });
 * // npm start -- --preset paper --model /tmp/tiny-qwen --sft-steps 2 --grpo-steps 1
 * ```
 */
export async function writeTinyPretrainedModel(
  directory: string,
  options: WriteTinyPretrainedModelOptions,
): Promise<CausalLMConfig> {
  const specialTokens = options.specialTokens ?? [
    '<|endoftext|>',
    '<|im_start|>',
    '<|im_end|>',
    '<|video_pad|>',
  ];
  const tokenizer = options.tokenizerFrom
    ? await Tokenizer.fromFile(
        path.join(options.tokenizerFrom, 'tokenizer.json'),
        path.join(options.tokenizerFrom, 'tokenizer_config.json'),
      )
    : trainBpe(options.corpus ?? [], { vocabSize: 320, specialTokens });
  const hiddenSize = options.hiddenSize ?? 32;
  const config: CausalLMConfig = {
    modelType: 'qwen2',
    hiddenSize,
    intermediateSize: 2 * hiddenSize,
    numHiddenLayers: 1,
    numAttentionHeads: 2,
    numKeyValueHeads: 1,
    maxPositionEmbeddings: 512,
    ropeTheta: 10000,
    rmsNormEps: 1e-6,
    tieWordEmbeddings: true,
    attentionBias: true,
    ...options.architecture,
    vocabSize: tokenizer.vocabSize,
    eosTokenId: tokenizer.configToken('eos_token')?.id ?? tokenizer.tokenToId('<|im_end|>') ?? 0,
  };
  const model = createCausalLM({ config, seed: options.seed ?? 0 });
  try {
    await saveCausalLM(model, directory);
  } finally {
    model.dispose();
  }
  await mkdir(directory, { recursive: true });
  if (options.tokenizerFrom) {
    for (const name of ['tokenizer.json', 'tokenizer_config.json'])
      await copyFile(path.join(options.tokenizerFrom, name), path.join(directory, name));
    return config;
  }
  await writeFile(path.join(directory, 'tokenizer.json'), JSON.stringify(tokenizer.toJSON()));
  const chatTemplate = options.chatTemplate === undefined ? chatMl : options.chatTemplate;
  await writeFile(
    path.join(directory, 'tokenizer_config.json'),
    JSON.stringify({
      eos_token: specialTokens.includes('<|im_end|>') ? '<|im_end|>' : null,
      ...(chatTemplate === null ? {} : { chat_template: chatTemplate }),
    }),
  );
  return config;
}
