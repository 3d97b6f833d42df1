import type { RopeScaling } from './architecture.js';
import {
  invalidField,
  positiveInteger,
  positiveNumber,
  type RawConfig,
  unsupportedFeature,
} from './config-fields.js';

/** YaRN's attention factor `0.1 * mscale * ln(scale) + 1` (1 for `scale <= 1`). */
function yarnMscale(scale: number, mscale = 1): number {
  return scale <= 1 ? 1 : 0.1 * mscale * Math.log(scale) + 1;
}

/**
 * Reads `rope_scaling` of a `config.json` (either `rope_type` or the older `type` key).
 * `default` and null mean none; `linear`, `dynamic`, `llama3` and `yarn` are implemented; any
 * other type (`longrope`, `mrope`, ...) is refused by name.
 *
 * @param raw - The whole `config.json` object (YaRN reads `max_position_embeddings`).
 * @param key - The field holding the scaling (`rope_scaling`).
 * @returns The scaling, or `undefined` for plain rotary embeddings.
 * @throws R1kitError `UNSUPPORTED` for another type, `INVALID_CONFIG` for bad fields.
 */
export function parseRopeScaling(raw: RawConfig, key = 'rope_scaling'): RopeScaling | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    invalidField(key, value, 'an object with rope_type');
  }
  const scaling = value as RawConfig;
  const type = scaling.rope_type ?? scaling.type;
  const field = (name: string) => `${key}.${name}`;
  const number = (name: string, fallback?: number) =>
    positiveNumber({ [field(name)]: scaling[name] }, field(name), fallback);
  if (type === 'default') return undefined;
  if (type === 'linear' || type === 'dynamic') return { ropeType: type, factor: number('factor') };
  if (type === 'llama3') {
    const lowFreqFactor = number('low_freq_factor');
    const highFreqFactor = number('high_freq_factor');
    if (!(highFreqFactor > lowFreqFactor)) {
      invalidField(
        field('high_freq_factor'),
        highFreqFactor,
        `more than low_freq_factor (${lowFreqFactor})`,
      );
    }
    return {
      ropeType: 'llama3',
      factor: number('factor'),
      lowFreqFactor,
      highFreqFactor,
      originalMaxPositionEmbeddings: positiveInteger(
        { [field('original_max_position_embeddings')]: scaling.original_max_position_embeddings },
        field('original_max_position_embeddings'),
      ),
    };
  }
  if (type === 'yarn') {
    const maxPositions = positiveInteger(raw, 'max_position_embeddings', 32768);
    // As transformers' _compute_yarn_parameters: an explicit original length makes the factor
    // max_position_embeddings / original_max_position_embeddings.
    const original = scaling.original_max_position_embeddings;
    const originalMaxPositionEmbeddings =
      original === undefined || original === null
        ? maxPositions
        : positiveInteger(
            { [field('original_max_position_embeddings')]: original },
            field('original_max_position_embeddings'),
          );
    const factor =
      original === undefined || original === null
        ? number('factor')
        : maxPositions / originalMaxPositionEmbeddings;
    const mscale = scaling.mscale as number | undefined;
    const mscaleAllDim = scaling.mscale_all_dim as number | undefined;
    const attentionFactor =
      scaling.attention_factor !== undefined && scaling.attention_factor !== null
        ? number('attention_factor')
        : mscale && mscaleAllDim
          ? yarnMscale(factor, mscale) / yarnMscale(factor, mscaleAllDim)
          : yarnMscale(factor);
    return {
      ropeType: 'yarn',
      factor,
      originalMaxPositionEmbeddings,
      betaFast: number('beta_fast', 32),
      betaSlow: number('beta_slow', 1),
      attentionFactor,
      truncate: scaling.truncate !== false,
    };
  }
  return unsupportedFeature(
    `config.${key}.rope_type ${JSON.stringify(type)} is not supported (implemented: default, linear, dynamic, llama3, yarn)`,
  );
}
