// Writes a model directory in Hugging Face layout (config.json + model.safetensors, F32) with
// seeded random weights, streaming one tensor at a time so a 0.5B model needs no 2 GB buffer.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CausalLMConfig, causalLMConfigToJson, parameterSpecs } from '../../src/index.js';
import { scaleShapes } from './scale-shapes.js';

/** xorshift32 uniform in [0, 1): fast and seeded, enough for benchmark weights. */
function uniformSource(seed: number): () => number {
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
}

/**
 * Writes `config` with random weights to `directory`: matrices uniform with standard deviation
 * 0.02 (Hugging Face's `initializer_range`), biases 0.02 as well, RMSNorm gains 1.
 */
export async function writeRandomModel(
  directory: string,
  config: CausalLMConfig,
  seed: number,
): Promise<void> {
  await writeFile(join(directory, 'config.json'), JSON.stringify(causalLMConfigToJson(config)));
  const specs = parameterSpecs(config);
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let offset = 0;
  for (const spec of specs) {
    const bytes = spec.shape.reduce((a, b) => a * b, 1) * 4;
    header[spec.name] = { dtype: 'F32', shape: spec.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let text = JSON.stringify(header);
  text += ' '.repeat((8 - (text.length % 8)) % 8);
  const file = await open(join(directory, 'model.safetensors'), 'w');
  try {
    const prefix = Buffer.alloc(8);
    prefix.writeBigUInt64LE(BigInt(text.length));
    await file.write(prefix);
    await file.write(Buffer.from(text, 'utf8'));
    const next = uniformSource(seed);
    const halfWidth = 0.02 * Math.sqrt(3);
    for (const spec of specs) {
      const values = new Float32Array(spec.shape.reduce((a, b) => a * b, 1));
      if (spec.kind === 'norm') values.fill(1);
      else for (let i = 0; i < values.length; i++) values[i] = (next() * 2 - 1) * halfWidth;
      await file.write(new Uint8Array(values.buffer));
    }
  } finally {
    await file.close();
  }
}

/**
 * The folder `root/shape` holding the shape's random weights: written (seed 20261203) unless an
 * earlier run left the same config.json there. Shared by run-scale and the data-parallel bench.
 */
export async function ensureRandomModel(
  root: string,
  shape: string,
  log: (line: string) => void,
): Promise<string> {
  const config = scaleShapes[shape];
  if (config === undefined) {
    throw new Error(`unknown shape '${shape}'; expected ${Object.keys(scaleShapes).join(', ')}`);
  }
  const directory = join(root, shape);
  const configPath = join(directory, 'config.json');
  const wanted = JSON.stringify(causalLMConfigToJson(config));
  if (!existsSync(configPath) || readFileSync(configPath, 'utf8') !== wanted) {
    mkdirSync(directory, { recursive: true });
    log(`${shape}: writing random weights to ${directory}`);
    await writeRandomModel(directory, config, 20261203);
  }
  return directory;
}
