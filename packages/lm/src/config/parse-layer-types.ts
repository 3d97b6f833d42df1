import type { LayerType, ModelType } from './architecture.js';
import { invalidField, positiveInteger, type RawConfig } from './config-fields.js';

/**
 * The sliding window and per-layer attention spans of a `config.json`, as Hugging Face derives
 * them: an explicit `layer_types` wins; else Qwen2/Qwen3 slide on layers `>= max_window_layers`
 * when `use_sliding_window` is true, and Gemma 3 slides on every layer but each
 * `sliding_window_pattern`-th.
 *
 * @param raw - The `config.json` object.
 * @param modelType - The family.
 * @param layers - `num_hidden_layers`.
 * @returns The window and the layer types, or `{}` when no layer slides.
 */
export function parseLayerTypes(
  raw: RawConfig,
  modelType: ModelType,
  layers: number,
): { slidingWindow?: number; layerTypes?: LayerType[] } {
  let types: LayerType[];
  if (Array.isArray(raw.layer_types)) {
    const given = raw.layer_types as unknown[];
    if (
      given.length !== layers ||
      given.some((type) => type !== 'full_attention' && type !== 'sliding_attention')
    ) {
      invalidField(
        'layer_types',
        given,
        `${layers} entries of "full_attention" or "sliding_attention"`,
      );
    }
    types = given as LayerType[];
    if (modelType !== 'gemma3_text' && raw.use_sliding_window === false) {
      types = types.map(() => 'full_attention');
    }
  } else if (modelType === 'gemma3_text') {
    const pattern = positiveInteger(raw, 'sliding_window_pattern', 6);
    types = Array.from({ length: layers }, (_, index) =>
      (index + 1) % pattern === 0 ? 'full_attention' : 'sliding_attention',
    );
  } else if (raw.use_sliding_window === true && (modelType === 'qwen2' || modelType === 'qwen3')) {
    const first = raw.max_window_layers ?? 28;
    if (typeof first !== 'number' || !Number.isInteger(first) || first < 0) {
      invalidField('max_window_layers', first, 'a non-negative integer');
    }
    types = Array.from({ length: layers }, (_, index) =>
      index >= first ? 'sliding_attention' : 'full_attention',
    );
  } else {
    return {};
  }
  if (!types.includes('sliding_attention')) return {};
  const fallback = modelType === 'gemma3_text' ? 4096 : undefined;
  return { slidingWindow: positiveInteger(raw, 'sliding_window', fallback), layerTypes: types };
}
