import { R1kitError } from '@r1kit/core';
import type { RgbFrame } from '../video/preprocess-frame.js';
import type { FrozenEncoder } from './frozen-encoder.js';

/**
 * Options for {@link loadTransformersImageEncoder} and {@link loadTransformersAudioEncoder}.
 *
 * @category Frozen encoders
 */
export interface TransformersEncoderOptions {
  /**
   * A model folder on disk with `config.json`, the processor config and `onnx/model.onnx`
   * (as exported by Optimum for transformers.js), or a hub id when `allowRemote` is set.
   */
  model: string;
  /**
   * Whether transformers.js may download the model. Off by default: nothing downloads unless
   * asked.
   *
   * @defaultValue `false`
   */
  allowRemote?: boolean;
  /**
   * ONNX weights variant, e.g. `'fp32'`, `'fp16'`, `'q8'`.
   *
   * @defaultValue `'fp32'`
   */
  dtype?: string;
}

// biome-ignore lint/suspicious/noExplicitAny: the optional peer is loaded dynamically and untyped here.
type TransformersModule = Record<string, any>;

/** Loads the optional peer `@huggingface/transformers`, with a clear error when it is absent. */
async function loadTransformers(functionName: string): Promise<TransformersModule> {
  const name = '@huggingface/transformers';
  try {
    return (await import(/* @vite-ignore */ name)) as TransformersModule;
  } catch (cause) {
    throw new R1kitError({
      code: 'UNSUPPORTED',
      message: `${functionName}: the optional peer dependency @huggingface/transformers is not installed; run npm install @huggingface/transformers to use ONNX frozen encoders`,
      cause,
    });
  }
}

function configure(
  library: TransformersModule,
  options: TransformersEncoderOptions,
): Record<string, unknown> {
  library.env.allowRemoteModels = options.allowRemote ?? false;
  library.env.allowLocalModels = true;
  library.env.localModelPath = '';
  return { dtype: options.dtype ?? 'fp32', local_files_only: !(options.allowRemote ?? false) };
}

/** Splits a `[n, d]` (or `[n, t, d]`, averaged over t) transformers.js tensor into rows. */
function rows(tensor: { data: Float32Array; dims: number[] }): Float32Array[] {
  const [count, ...rest] = tensor.dims as [number, ...number[]];
  const size = rest.at(-1)!;
  const steps = rest.length === 2 ? rest[0]! : 1;
  return Array.from({ length: count }, (_, row) => {
    const out = new Float32Array(size);
    for (let step = 0; step < steps; step++) {
      const offset = (row * steps + step) * size;
      for (let k = 0; k < size; k++) out[k]! += tensor.data[offset + k]! / steps;
    }
    return out;
  });
}

/**
 * Loads a CLIP-style vision model (e.g. an ONNX export of `openai/clip-vit-large-patch14`)
 * through `@huggingface/transformers` as a frozen frame encoder returning `image_embeds`
 * (768-d for ViT-L/14, as AffectGPT uses).
 *
 * @param options - The model folder, download permission and weights variant.
 * @returns A frozen encoder of RGB frames.
 * @throws R1kitError `UNSUPPORTED` when `@huggingface/transformers` is not installed.
 *
 * @example
 * ```ts no-run
 * import {
 *   decodeFramesWithFfmpeg,
 *   encodeSamples,
 *   loadTransformersImageEncoder,
 * } from '@r1kit/encoders';
 * const clip = await loadTransformersImageEncoder({ model: '/models/clip-vit-large-patch14' });
 * const frames = await decodeFramesWithFfmpeg('sample.mp4', { count: 8 });
 * const { data, shape } = await encodeSamples(clip, [frames]); // shape [1, 8, 768]
 * ```
 *
 * @category Frozen encoders
 */
export async function loadTransformersImageEncoder(
  options: TransformersEncoderOptions,
): Promise<FrozenEncoder<RgbFrame>> {
  const library = await loadTransformers('loadTransformersImageEncoder');
  const settings = configure(library, options);
  const processor = await library.AutoProcessor.from_pretrained(options.model, settings);
  const model = await library.CLIPVisionModelWithProjection.from_pretrained(
    options.model,
    settings,
  );
  return {
    name: options.model,
    async encode(frames) {
      const images = frames.map(
        (frame) => new library.RawImage(frame.data, frame.width, frame.height, 3),
      );
      const inputs = await processor(images);
      const output = await model(inputs);
      return rows(output.image_embeds ?? output.last_hidden_state);
    },
    async dispose() {
      await model.dispose?.();
    },
  };
}

/**
 * Loads a speech model (HuBERT, wav2vec 2.0, WavLM ONNX exports) through
 * `@huggingface/transformers` as a frozen clip encoder: the model's `last_hidden_state`
 * averaged over time, one vector per 16 kHz clip. (AffectGPT averages the last four hidden
 * layers; ONNX exports usually expose only the last.)
 *
 * @param options - The model folder, download permission and weights variant.
 * @returns A frozen encoder of mono 16 kHz clips.
 * @throws R1kitError `UNSUPPORTED` when `@huggingface/transformers` is not installed.
 *
 * @example
 * ```ts no-run
 * import {
 *   clipAudio,
 *   decodeAudioWithFfmpeg,
 *   encodeSamples,
 *   loadTransformersAudioEncoder,
 * } from '@r1kit/encoders';
 * const hubert = await loadTransformersAudioEncoder({ model: '/models/chinese-hubert-large' });
 * const clips = clipAudio(await decodeAudioWithFfmpeg('sample.mp4'));
 * const { data, shape } = await encodeSamples(hubert, [clips]); // shape [1, 8, 1024]

 * ```
 *
 * @category Frozen encoders
 */
export async function loadTransformersAudioEncoder(
  options: TransformersEncoderOptions,
): Promise<FrozenEncoder<Float32Array>> {
  const library = await loadTransformers('loadTransformersAudioEncoder');
  const settings = configure(library, options);
  const processor = await library.AutoProcessor.from_pretrained(options.model, settings);
  const model = await library.AutoModel.from_pretrained(options.model, settings);
  return {
    name: options.model,
    async encode(clips) {
      const out: Float32Array[] = [];
      for (const clip of clips) {
        const output = await model(await processor(clip));
        out.push(rows(output.last_hidden_state)[0]!);
      }
      return out;
    },
    async dispose() {
      await model.dispose?.();
    },
  };
}
