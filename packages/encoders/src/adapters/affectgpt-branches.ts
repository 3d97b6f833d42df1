import { invalidArgument, requireInteger } from '@r1kit/core';
import type { AffectGptAdapterOptions } from './affectgpt-adapter-options.js';
import { AttentionFusion } from './attention-fusion.js';
import { MeanPooling } from './mean-pooling.js';
import type { TemporalPooling } from './module.js';
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
  const audioSize = requireInteger({
    functionName: name,
    argument: 'options.audioSize',
    value: options.audioSize,
    min: 1,
  });
  const videoSize = requireInteger({
    functionName: name,
    argument: 'options.videoSize',
    value: options.videoSize,
    min: 1,
  });
  const hiddenSize = requireInteger({
    functionName: name,
    argument: 'options.hiddenSize',
    value: options.hiddenSize,
    min: 1,
  });
  const numQueries = requireInteger({
    functionName: name,
    argument: 'options.numQueries',
    value: options.numQueries ?? 1,
    min: 1,
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
  const fusionOptions = { audioSize, videoSize, fusionSize, seed: seed + 30_000 };
  const modules: AffectGptModules = {
    audioPooling: pooling(audioSize, seed + 10_000),
    videoPooling: pooling(videoSize, seed + 20_000),
    fusion:
      options.fusion === 'qformer'
        ? new QFormerFusion({ ...fusionOptions, numQueries, numLayers: options.qformerLayers })
        : new AttentionFusion({ ...fusionOptions, softmax: options.softmax }),
    audioProjector: new Projector({
      inputSize: audioSize,
      outputSize: hiddenSize,
      kind,
      seed: seed + 40_000,
    }),
    videoProjector: new Projector({
      inputSize: videoSize,
      outputSize: hiddenSize,
      kind,
      seed: seed + 50_000,
    }),
    multiProjector: new Projector({
      inputSize: fusionSize,
      outputSize: hiddenSize,
      kind,
      seed: seed + 60_000,
    }),
  };
  const tokens: Record<AffectGptBranch, number> = {
    multi: options.fusion === 'qformer' ? numQueries : 1,
    audio: options.pooling === 'qformer' ? numQueries : 1,
    video: options.pooling === 'qformer' ? numQueries : 1,
  };
  const layout = order.flatMap((branch) => new Array<AffectGptBranch>(tokens[branch]).fill(branch));
  return { modules, layout };
}
