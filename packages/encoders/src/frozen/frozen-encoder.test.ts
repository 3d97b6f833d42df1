import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { encodeSamples, type FrozenEncoder } from './frozen-encoder.js';
import {
  loadTransformersAudioEncoder,
  loadTransformersImageEncoder,
} from './transformers-encoders.js';

/** A stand-in encoder: input x becomes [x, 2x, 3x]. */
const fake: FrozenEncoder<number> = {
  name: 'fake',
  async encode(inputs) {
    return inputs.map((x) => new Float32Array([x, 2 * x, 3 * x]));
  },
  async dispose() {},
};

describe('encodeSamples', () => {
  it('stacks per-input vectors into [batch, steps, features] in chunks, reporting progress', async () => {
    const progress: number[] = [];
    const { data, shape } = await encodeSamples(
      fake,
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      { chunkSize: 4, onProgress: (done) => progress.push(done) },
    );
    expect(shape).toEqual([3, 2, 3]);
    expect(Array.from(data.subarray(6, 12))).toEqual([3, 6, 9, 4, 8, 12]);
    expect(progress).toEqual([4, 6]);
  });

  it('refuses ragged samples and encoders that return the wrong count', async () => {
    await expect(encodeSamples(fake, [[1, 2], [3]])).rejects.toMatchObject({
      code: 'SHAPE_MISMATCH',
    });
    const broken: FrozenEncoder<number> = { ...fake, encode: async () => [new Float32Array(3)] };
    await expect(encodeSamples(broken, [[1, 2]])).rejects.toMatchObject({
      code: 'SHAPE_MISMATCH',
      message: expect.stringMatching(/2 vectors/),
    });
  });
});

const hasTransformers = (() => {
  try {
    createRequire(import.meta.url).resolve('@huggingface/transformers');
    return true;
  } catch {
    return false;
  }
})();
const clipModel = process.env.R1KIT_CLIP_ONNX_MODEL;
const speechModel = process.env.R1KIT_SPEECH_ONNX_MODEL;

describe('transformers.js frozen encoders', () => {
  it.skipIf(hasTransformers)('say how to install the optional peer when it is absent', async () => {
    await expect(loadTransformersImageEncoder({ model: '/nonexistent' })).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringMatching(/npm install @huggingface\/transformers/),
    });
    await expect(loadTransformersAudioEncoder({ model: '/nonexistent' })).rejects.toMatchObject({
      code: 'UNSUPPORTED',
    });
  });

  if (!hasTransformers || clipModel === undefined || speechModel === undefined) {
    console.warn(
      '[@r1kit/encoders] ONNX encoder tests skipped: install @huggingface/transformers and set R1KIT_CLIP_ONNX_MODEL and R1KIT_SPEECH_ONNX_MODEL to local model folders',
    );
  }
  it.skipIf(!hasTransformers || clipModel === undefined)(
    'encodes frames with a local CLIP model',
    async () => {
      const encoder = await loadTransformersImageEncoder({ model: clipModel! });
      const frame = { data: new Uint8Array(64 * 64 * 3).fill(128), width: 64, height: 64 };
      const [a, b] = await encoder.encode([frame, frame]);
      expect(a!.length).toBeGreaterThan(0);
      expect(Array.from(a!)).toEqual(Array.from(b!));
      await encoder.dispose();
    },
  );

  it.skipIf(!hasTransformers || speechModel === undefined)(
    'encodes clips with a local speech model',
    async () => {
      const encoder = await loadTransformersAudioEncoder({ model: speechModel! });
      const clip = Float32Array.from({ length: 16000 }, (_, i) => Math.sin(i / 10));
      const [vector] = await encoder.encode([clip]);
      expect(vector!.every(Number.isFinite)).toBe(true);
      await encoder.dispose();
    },
  );
});
