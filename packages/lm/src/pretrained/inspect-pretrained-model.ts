import { nodeBuiltin, R1kitError } from '@r1kit/core';
import { parseCausalLMConfig } from '../config/parse-config.js';
import type { CausalLMConfig } from '../types.js';

const functionName = 'inspectPretrainedModel';
const nodeFs = () => nodeBuiltin({ module: 'fs', functionName });
const nodePath = () => nodeBuiltin({ module: 'path', functionName });

/**
 * Options of {@link inspectPretrainedModel}.
 *
 * @category Model
 */
export interface InspectPretrainedModelOptions {
  /** The Hugging Face model directory (as `huggingface-cli download <repo> --local-dir DIR` writes it). */
  directory: string;
}

/**
 * The files of a Hugging Face model directory, checked by {@link inspectPretrainedModel}.
 *
 * @category Model
 */
export interface PretrainedModelFiles {
  /** The directory that was inspected. */
  readonly directory: string;
  /** The parsed `config.json`. */
  readonly config: CausalLMConfig;
  /** The path of `tokenizer.json`. */
  readonly tokenizerJson: string;
  /** The path of `tokenizer_config.json` (chat template, eos token), or `undefined` when absent. */
  readonly tokenizerConfigJson: string | undefined;
}

const expectedLayout =
  'a Hugging Face model directory with config.json, model.safetensors (or model.safetensors.index.json and its shards), tokenizer.json and, optionally, tokenizer_config.json';

function missing(message: string): R1kitError {
  return new R1kitError({ code: 'NOT_FOUND', message });
}

/** Whether `file` exists and is a directory (`false` for any stat error). */
function isDirectory(file: string): boolean {
  try {
    return nodeFs().statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Checks a Hugging Face model directory before anything is loaded: the directory exists, has
 * `config.json`, the safetensors weights (`model.safetensors` or `model.safetensors.index.json`)
 * and `tokenizer.json`, and its architecture is one {@link loadCausalLM} implements (Qwen2,
 * Qwen3, Llama 3.x, Gemma 3 text). Synchronous and cheap: the weights and the tokenizer are not
 * read. Node.js only (it reads files).
 *
 * @param options - See {@link InspectPretrainedModelOptions}.
 * @returns The parsed config and the tokenizer file paths.
 * @throws R1kitError `NOT_FOUND` for a missing directory or file, `UNSUPPORTED` for a model type
 *   or architecture feature `@r1kit/lm` does not implement, `PARSE_ERROR` for a broken
 *   `config.json`; each message names `options.directory` and what to fix. Outside Node.js,
 *   `UNSUPPORTED`.
 *
 * @example
 * ```ts
 * import { mkdtempSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { createCausalLM, inspectPretrainedModel, saveCausalLM } from '@r1kit/lm';
 * const directory = mkdtempSync(join(tmpdir(), 'inspect-pretrained-model-'));
 * const model = createCausalLM({
 *   config: { modelType: 'qwen2', vocabSize: 16, hiddenSize: 8, intermediateSize: 16,
 *     numHiddenLayers: 1, numAttentionHeads: 2, numKeyValueHeads: 1, maxPositionEmbeddings: 32,
 *     ropeTheta: 10000, rmsNormEps: 1e-6, tieWordEmbeddings: true, attentionBias: true },
 * });
 * await saveCausalLM(model, directory); // config.json and model.safetensors
 * model.dispose();
 * writeFileSync(`${directory}/tokenizer.json`, '{}'); // not read by the check
 * const files = inspectPretrainedModel({ directory });
 * console.log(files.config.hiddenSize, files.tokenizerConfigJson); // 8 undefined
 * ```
 *
 * @category Model
 */
export function inspectPretrainedModel(
  options: InspectPretrainedModelOptions,
): PretrainedModelFiles {
  const { directory } = options;
  const where = `${functionName}: options.directory ${JSON.stringify(directory)}`;
  if (!isDirectory(directory)) {
    throw missing(`${where} is not a directory; pass ${expectedLayout}.`);
  }
  const fs = nodeFs();
  const file = (name: string) => nodePath().join(directory, name);
  const absent = ['config.json', 'tokenizer.json'].filter((name) => !fs.existsSync(file(name)));
  if (
    !fs.existsSync(file('model.safetensors')) &&
    !fs.existsSync(file('model.safetensors.index.json'))
  )
    absent.push('model.safetensors (or model.safetensors.index.json)');
  if (absent.length > 0) {
    throw missing(
      `${where} lacks ${absent.join(', ')}; pass ${expectedLayout} (download the whole model repository, e.g. with \`huggingface-cli download <repo> --local-dir DIR\`, on a machine with internet).`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file('config.json'), 'utf8'));
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
    tokenizerConfigJson: fs.existsSync(tokenizerConfig) ? tokenizerConfig : undefined,
  };
}
