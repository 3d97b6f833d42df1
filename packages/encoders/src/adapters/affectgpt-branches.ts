import { invalidArgument } from '@r1kit/core';
import type { AffectGptAdapterOptions } from './affectgpt-adapter-options.js';
import { AttentionFusion } from './attention-fusion.js';
import { MeanPooling } from './mean-pooling.js';
import { requirePositiveIntegers, type TemporalPooling } from './module.js';
import { Projector } from './projector.js';
import { QFormerFusion } from './qformer-fusion.js';
import { QFormerPooling } from './qformer-pooling.js';
import { ScoreWeightedPooling } from './score-weighted-pooling.js';

/** A branch of the AffectGPT adapter, i.e. the source of a soft token. @category Adapters */
export type AffectGptBranch = 'multi' | 'audio' | 'video';

/**
 * The trainable modules of an {@link AffectGptAdapter}, by name (the prefixes of the saved
 * tensor names).
 *
 * @internal
 */
export interface AffectGptModules {
  audioPooling: TemporalPooling;
  videoPooling: TemporalPooling;
  fusion: AttentionFusion | QFormerFusion;
  audioProjector: Projector;
  videoProjector: Projector;
  multiProjector: Projector;
}

/**
 * Validates the options and builds the modules and the token layout of an AffectGPT adapter.
 * Each branch gets its own seed range so branches never share initial values.
 *
 * @internal
 */
export function createAffectGptModules(options: AffectGptAdapterOptions): {
  modules: AffectGptModules;
  layout: AffectGptBranch[];
} {
  const name = 'AffectGptAdapter';
  const { audioSize, videoSize, hiddenSize, numQueries } = requirePositiveIntegers(name, {
    audioSize: options.audioSize,
    videoSize: options.videoSize,
    hiddenSize: options.hiddenSize,
    numQueries: options.numQueries ?? 1,
  });
  const fusionSize = options.fusionSize ?? Math.max(audioSize, videoSize);
  const dropout = options.modalityDropout ?? 0;
  if (!(dropout >= 0 && dropout < 1)) {
    throw invalidArgument({
      functionName: name,
      argument: 'options.modalityDropout',
      received: dropout,
      expected: 'a probability in [0, 1)',
    });
  }
  const order = options.tokenOrder ?? ['multi', 'audio', 'video'];
  const known = ['multi', 'audio', 'video'];
  if (
    order.length !== 3 ||
    new Set(order).size !== 3 ||
    !order.every((branch) => known.includes(branch))
  ) {
    throw invalidArgument({
      functionName: name,
      argument: 'options.tokenOrder',
      received: order,
      expected: "a permutation of ['multi', 'audio', 'video']",
    });
  }
  const seed = options.seed ?? 0;
  const kind = options.projector ?? 'linear';
  const pooling = (inputSize: number, branchSeed: number): TemporalPooling => {
    if (options.pooling === 'mean') return new MeanPooling();
    if (options.pooling === 'qformer') {
      return new QFormerPooling({
        inputSize,
        numQueries,
        numLayers: options.qformerLayers,
        seed: branchSeed,
      });
    }
    return new ScoreWeightedPooling({ inputSize, softmax: options.softmax, seed: branchSeed });
  };
  const projector = (inputSize: number, branchSeed: number): Projector =>
    new Projector({ inputSize, outputSize: hiddenSize, kind, seed: branchSeed });
  const fusionOptions = { audioSize, videoSize, fusionSize, seed: seed + 30_000 };
  const modules: AffectGptModules = {
    audioPooling: pooling(audioSize, seed + 10_000),
    videoPooling: pooling(videoSize, seed + 20_000),
    fusion:
      options.fusion === 'qformer'
        ? new QFormerFusion({ ...fusionOptions, numQueries, numLayers: options.qformerLayers })
        : new AttentionFusion({ ...fusionOptions, softmax: options.softmax }),
    audioProjector: projector(audioSize, seed + 40_000),
    videoProjector: projector(videoSize, seed + 50_000),
    multiProjector: projector(fusionSize, seed + 60_000),
  };
  const tokens: Record<AffectGptBranch, number> = {
    multi: options.fusion === 'qformer' ? numQueries : 1,
    audio: options.pooling === 'qformer' ? numQueries : 1,
    video: options.pooling === 'qformer' ? numQueries : 1,
  };
  const layout = order.flatMap((branch) => new Array<AffectGptBranch>(tokens[branch]).fill(branch));
  return { modules, layout };
}
