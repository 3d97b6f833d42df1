import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type CausalLMConfig, createCausalLM, saveCausalLM } from '@r1kit/lm';
import { trainBpe } from '@r1kit/tokenizer';

/**
 * Options of {@link writeTinyPretrainedModel}.
 *
 * @category Pipeline
 */
export interface WriteTinyPretrainedModelOptions {
  /** Texts the byte-level BPE is trained on. */
  corpus: readonly string[];
  /** Special tokens (ids 0..n-1). @defaultValue `['<|endoftext|>', '<|im_start|>', '<|im_end|>', '<|video_pad|>']` */
  specialTokens?: readonly string[];
  /** `chat_template` of tokenizer_config.json; `null` writes none. @defaultValue a ChatML template */
  chatTemplate?: string | null;
  /** Residual width. @defaultValue 32 */
  hiddenSize?: number;
  /** Seed of the weights. @defaultValue 0 */
  seed?: number;
}

const chatMl =
  "{% for m in messages %}{{ '<|im_start|>' + m['role'] + '\\n' + m['content'] + '<|im_end|>\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

/**
 * Writes a tiny Qwen2 model in the Hugging Face layout (`config.json`, `model.safetensors`,
 * `tokenizer.json`, `tokenizer_config.json` with a ChatML template and `<|im_end|>` as eos), so
 * that the `--model` path of the paper preset can be exercised on a CPU without a download.
 *
 * @param directory - Where to write (created).
 * @param options - See {@link WriteTinyPretrainedModelOptions}.
 * @returns The model config that was written.
 * @example
 * ```ts
 * await writeTinyPretrainedModel('/tmp/tiny-qwen', { corpus: ['subtitle: hello', '<answer>happy</answer>'] });
 * // npm start -- --preset paper --model /tmp/tiny-qwen --sft-steps 2 --grpo-steps 1
 * ```
 * @category Pipeline
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
  const tokenizer = trainBpe(options.corpus, { vocabSize: 320, specialTokens });
  const hiddenSize = options.hiddenSize ?? 32;
  const config: CausalLMConfig = {
    modelType: 'qwen2',
    vocabSize: tokenizer.vocabSize,
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
    eosTokenId: tokenizer.tokenToId('<|im_end|>') ?? 0,
  };
  const model = createCausalLM({ config, seed: options.seed ?? 0 });
  try {
    await saveCausalLM(model, directory);
  } finally {
    model.dispose();
  }
  await mkdir(directory, { recursive: true });
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
