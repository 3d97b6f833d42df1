import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { R1kitError } from '@r1kit/core';
import { type CausalLMConfig, parseCausalLMConfig } from '@r1kit/lm';

/**
 * The files of a Hugging Face model directory that the `paper` preset reads.
 *
 * @category Pipeline
 */
export interface PretrainedModelFiles {
  /** The directory given with `--model`. */
  readonly directory: string;
  /** The parsed `config.json`. */
  readonly config: CausalLMConfig;
  /** `tokenizer.json`. */
  readonly tokenizerJson: string;
  /** `tokenizer_config.json` (chat template, eos token), or `undefined` when absent. */
  readonly tokenizerConfigJson: string | undefined;
}

const expectedLayout =
  'a Hugging Face model directory with config.json, model.safetensors (or model.safetensors.index.json and its shards), tokenizer.json and, optionally, tokenizer_config.json';

function missing(message: string): R1kitError {
  return new R1kitError({ code: 'NOT_FOUND', message });
}

/**
 * Checks a `--model` directory before anything is loaded: the directory exists, has
 * `config.json`, the safetensors weights and `tokenizer.json`, and its architecture is one
 * `@r1kit/lm` implements (Qwen2, Qwen3, Llama 3.x, Gemma 3 text). Synchronous and cheap: the weights are not read.
 *
 * @param directory - The `--model` directory.
 * @returns The parsed config and the tokenizer file paths.
 * @throws R1kitError `NOT_FOUND` for a missing directory or file, `UNSUPPORTED` for a model type
 *   or architecture feature `@r1kit/lm` does not implement, `PARSE_ERROR` for a broken
 *   config.json; each message names the `--model` directory and what to fix.
 * @example
 * ```ts
 * const { config } = inspectPretrainedModel('/models/Qwen2.5-7B-Instruct');
 * console.log(config.hiddenSize); // 3584
 * ```
 * @category Pipeline
 */
export function inspectPretrainedModel(directory: string): PretrainedModelFiles {
  const where = `--model ${JSON.stringify(directory)}`;
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    throw missing(`${where} is not a directory; pass ${expectedLayout}.`);
  }
  const file = (name: string) => path.join(directory, name);
  const absent = ['config.json', 'tokenizer.json'].filter((name) => !existsSync(file(name)));
  if (!existsSync(file('model.safetensors')) && !existsSync(file('model.safetensors.index.json')))
    absent.push('model.safetensors (or model.safetensors.index.json)');
  if (absent.length > 0) {
    throw missing(
      `${where} lacks ${absent.join(', ')}; pass ${expectedLayout} (download the whole model repository, e.g. with \`huggingface-cli download <repo> --local-dir DIR\`, on a machine with internet).`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file('config.json'), 'utf8'));
  } catch (error) {
    throw new R1kitError({
      code: 'PARSE_ERROR',
      message: `${where}: config.json is not valid JSON (${(error as Error).message}); restore the model's original config.json.`,
      cause: error,
    });
  }
  let config: CausalLMConfig;
  try {
    config = parseCausalLMConfig(raw);
  } catch (error) {
    if (!R1kitError.isInstance(error)) throw error;
    const hint =
      error.code === 'UNSUPPORTED'
        ? 'use a Qwen2 / Qwen2.5, Qwen3, Llama 3.x or Gemma 3 text checkpoint (the architectures @r1kit/lm implements)'
        : "restore the model's original config.json";
    throw new R1kitError({
      code: error.code,
      message: `${where}: ${error.message}; ${hint}.`,
      cause: error,
    });
  }
  const tokenizerConfig = file('tokenizer_config.json');
  return {
    directory,
    config,
    tokenizerJson: file('tokenizer.json'),
    tokenizerConfigJson: existsSync(tokenizerConfig) ? tokenizerConfig : undefined,
  };
}
