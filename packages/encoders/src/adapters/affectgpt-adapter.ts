import {
  invalidArgument,
  parseSafetensors,
  R1kitError,
  RandomGenerator,
  requireTensor,
} from '@r1kit/core';
import * as tf from '@tensorflow/tfjs-core';
import { loadAdapterWeights, saveAdapterWeights } from './adapter-weights.js';
import type {
  AffectGptAdapterOptions,
  AffectGptApplyOptions,
  AffectGptFeatures,
} from './affectgpt-adapter-options.js';
import {
  type AffectGptBranch,
  type AffectGptModules,
  createAffectGptModules,
} from './affectgpt-branches.js';
import { sampleModalityDropout } from './modality-dropout.js';
import { type AdapterModule, collectVariables, createVariable } from './module.js';
import { presenceFlags, withAbsent } from './presence.js';

/**
 * AffectGPT's multimodal adapter: per-modality temporal pooling and projection (one audio and
 * one video token) plus the pre-fused audio-visual token, as `[batch, 3, hiddenSize]` soft
 * tokens. Absent modalities are replaced by a learned "absent" feature vector, so samples
 * without audio or video still train. Train it jointly with an LLM by passing
 * {@link AffectGptAdapter.trainableVariables} to `tf.variableGrads` or an optimiser.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { AffectGptAdapter } from '@r1kit/encoders';
 * const adapter = new AffectGptAdapter({ audioSize: 1024, videoSize: 768, hiddenSize: 896 });
 * const tokens = adapter.apply({ audio: tf.zeros([2, 8, 1024]), video: tf.zeros([2, 8, 768]) });
 * // tokens: [2, 3, 896] in the order multi, audio, video
 * adapter.dispose();
 * ```
 *
 * @category Adapters
 */
export class AffectGptAdapter implements AdapterModule {
  /** The options the adapter was built with (stored in saved weights). */
  readonly options: Readonly<AffectGptAdapterOptions>;
  /** The branch of each output token, in order, e.g. `['multi', 'audio', 'video']`. */
  readonly layout: readonly AffectGptBranch[];
  private readonly modules: AffectGptModules;
  private readonly absent: { audio: tf.Variable; video: tf.Variable };
  private readonly rng: RandomGenerator;
  private disposed = false;

  /** Creates every variable. */
  constructor(options: AffectGptAdapterOptions) {
    const { modules, layout } = createAffectGptModules(options);
    this.options = { ...options };
    this.modules = modules;
    this.layout = layout;
    const seed = options.seed ?? 0;
    this.absent = {
      audio: createVariable(() =>
        tf.truncatedNormal([options.audioSize], 0, 0.02, 'float32', seed + 70_000),
      ),
      video: createVariable(() =>
        tf.truncatedNormal([options.videoSize], 0, 0.02, 'float32', seed + 70_002),
      ),
    };
    this.rng = RandomGenerator.fromSeed(seed + 80_000);
  }

  /**
   * Turns features into soft tokens.
   *
   * @param features - Audio and video features and presence flags.
   * @param options - Whether this is a training step.
   * @returns `[batch, layout.length, hiddenSize]`, branches in {@link AffectGptAdapter.layout} order.
   */
  apply(features: AffectGptFeatures, options: AffectGptApplyOptions = {}): tf.Tensor3D {
    const name = 'AffectGptAdapter.apply';
    if (this.disposed) {
      throw new R1kitError({
        code: 'INVALID_STATE',
        message: `${name}: the adapter was disposed; create a new one`,
      });
    }
    requireTensor({
      functionName: name,
      argument: 'features.audio',
      value: features.audio,
      shape: [null, null, this.options.audioSize],
    });
    requireTensor({
      functionName: name,
      argument: 'features.video',
      value: features.video,
      shape: [null, null, this.options.videoSize],
    });
    const batch = features.audio.shape[0];
    if (features.video.shape[0] !== batch) {
      throw invalidArgument({
        functionName: name,
        argument: 'features.video',
        received: features.video,
        expected: `batch size ${batch} like features.audio`,
        code: 'SHAPE_MISMATCH',
      });
    }
    let present = {
      audio: presenceFlags(name, 'features.audioPresent', features.audioPresent, batch),
      video: presenceFlags(name, 'features.videoPresent', features.videoPresent, batch),
    };
    const dropout = this.options.modalityDropout ?? 0;
    if (options.training && dropout > 0) {
      present = sampleModalityDropout(present, {
        probability: dropout,
        rng: this.rng,
      }) as typeof present;
    }
    return tf.tidy(() => {
      const audio = withAbsent(features.audio, present.audio, this.absent.audio);
      const video = withAbsent(features.video, present.video, this.absent.video);
      const m = this.modules;
      const branches = {
        audio: m.audioProjector.apply(m.audioPooling.apply(audio)),
        video: m.videoProjector.apply(m.videoPooling.apply(video)),
        multi: m.multiProjector.apply(m.fusion.apply(audio, video)),
      };
      const order = this.options.tokenOrder ?? ['multi', 'audio', 'video'];
      return tf.concat(
        order.map((branch) => branches[branch]),
        1,
      ) as tf.Tensor3D;
    });
  }

  /** Every trainable variable (pass to `tf.variableGrads` or an optimiser's `varList`). */
  trainableVariables(): tf.Variable[] {
    return Object.values(this.namedVariables());
  }

  /** Every variable by a stable dotted name (the safetensors tensor names). */
  namedVariables(): Record<string, tf.Variable> {
    return collectVariables({
      ...this.modules,
      'absent.audio': this.absent.audio,
      'absent.video': this.absent.video,
    });
  }

  /** The weights as safetensors bytes, with the options in the metadata. */
  saveWeights(): Uint8Array {
    return saveAdapterWeights(this, {
      format: 'r1kit-affectgpt-adapter',
      options: JSON.stringify(this.options),
    });
  }

  /**
   * Rebuilds an adapter from bytes written by {@link AffectGptAdapter.saveWeights}, reading its
   * options from the file's metadata.
   *
   * @param bytes - A safetensors file saved by an AffectGptAdapter.
   * @returns A new adapter holding the saved weights.
   * @throws R1kitError `INVALID_ARGUMENT` when the file was not saved by an AffectGptAdapter.
   */
  static fromWeights(bytes: Uint8Array): AffectGptAdapter {
    const { metadata } = parseSafetensors(bytes);
    if (metadata.format !== 'r1kit-affectgpt-adapter' || metadata.options === undefined) {
      throw invalidArgument({
        functionName: 'AffectGptAdapter.fromWeights',
        argument: 'bytes',
        received: metadata,
        expected:
          'safetensors metadata written by AffectGptAdapter.saveWeights (format r1kit-affectgpt-adapter)',
      });
    }
    const adapter = new AffectGptAdapter(JSON.parse(metadata.options) as AffectGptAdapterOptions);
    try {
      adapter.loadWeights(bytes);
    } catch (error) {
      adapter.dispose();
      throw error;
    }
    return adapter;
  }

  /** Loads weights saved from an adapter with the same options. */
  loadWeights(bytes: Uint8Array): void {
    loadAdapterWeights(this, bytes);
  }

  /** Frees every variable. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const module of Object.values(this.modules)) module.dispose();
    this.absent.audio.dispose();
    this.absent.video.dispose();
  }
}
