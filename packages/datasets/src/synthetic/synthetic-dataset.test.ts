import { R1kitError } from '@r1kit/core';
import { describe, expect, it } from 'vitest';
import type { MerSample } from '../mer-sample.js';
import { emotionConcepts } from './emotion-concepts.js';
import { generateSyntheticDataset } from './synthetic-dataset.js';

const all = (splits: ReturnType<typeof generateSyntheticDataset>): MerSample[] => [
  ...splits.train,
  ...splits.validation,
  ...splits.test,
];

/** Mean over the steps of a [steps, dim] feature matrix, projected on a direction. */
function meanProjection(features: Float32Array, dim: number, direction: Float32Array): number {
  const steps = features.length / dim;
  let sum = 0;
  for (let step = 0; step < steps; step += 1) {
    for (let index = 0; index < dim; index += 1) {
      sum += (features[step * dim + index] as number) * (direction[index] as number);
    }
  }
  return sum / steps;
}

describe('generateSyntheticDataset', () => {
  it('is deterministic under a seed and changes with the seed', () => {
    const first = all(generateSyntheticDataset({ seed: 3, size: 50 }));
    const second = all(generateSyntheticDataset({ seed: 3, size: 50 }));
    const other = all(generateSyntheticDataset({ seed: 4, size: 50 }));
    expect(second.map((sample) => sample.name)).toEqual(first.map((sample) => sample.name));
    expect(second.map((sample) => [...sample.audio])).toEqual(
      first.map((sample) => [...sample.audio]),
    );
    expect(second.map((sample) => sample.labels)).toEqual(first.map((sample) => sample.labels));
    expect(other.map((sample) => [...sample.audio])).not.toEqual(
      first.map((sample) => [...sample.audio]),
    );
  });

  it('splits into disjoint train / validation / test with the requested sizes', () => {
    const splits = generateSyntheticDataset({ seed: 1, size: 200 });
    expect(splits.test).toHaveLength(40);
    expect(splits.validation).toHaveLength(20);
    expect(splits.train).toHaveLength(140);
    const names = all(splits).map((sample) => sample.name);
    expect(new Set(names).size).toBe(200);
  });

  it('labels use synonyms of the present emotions plus at most one spurious emotion, and vary in surface form', () => {
    const samples = all(generateSyntheticDataset({ seed: 2, size: 300 }));
    const coreOf = new Map(
      emotionConcepts.flatMap((c) => c.labels.map((l) => [l, c.core] as const)),
    );
    const surfaces = new Set<string>();
    let spurious = 0;
    for (const sample of samples) {
      const cores = new Set(sample.labels.map((label) => coreOf.get(label)));
      const shown = new Set(sample.cues.map((cue) => cue.emotion));
      for (const emotion of shown) expect(cores.has(emotion)).toBe(true);
      const extra = [...cores].filter((core) => !shown.has(core as string));
      expect(extra.length).toBeLessThanOrEqual(1);
      spurious += extra.length;
      for (const label of sample.labels) surfaces.add(label);
    }
    // About 30% of samples carry one spurious label of an emotion no modality shows.
    expect(spurious / samples.length).toBeGreaterThan(0.2);
    expect(spurious / samples.length).toBeLessThan(0.4);
    const none = generateSyntheticDataset({ seed: 2, size: 100, spuriousRate: 0 });
    for (const sample of all(none)) {
      expect(new Set(sample.labels.map((label) => coreOf.get(label)))).toEqual(
        new Set(sample.cues.map((cue) => cue.emotion)),
      );
    }
    expect(surfaces.size).toBeGreaterThan(25);
    const multi = samples.filter((s) => s.labels.length > s.cues.length).length;
    expect(multi / samples.length).toBeGreaterThan(0.4);
  });

  it('puts audio-only cues in the audio and face-only cues in the face', () => {
    const samples = all(generateSyntheticDataset({ seed: 5, size: 600 }));
    // Estimate each emotion's audio/face direction from samples where it is the only emotion.
    const dim = 16;
    const direction = (modality: 'audio' | 'video', emotion: string): Float32Array => {
      const sum = new Float32Array(dim);
      const key = modality === 'audio' ? 'audio' : 'face';
      const used = samples.filter(
        (s) => s.cues.length === 1 && s.cues[0]?.emotion === emotion && s.cues[0].modality === key,
      );
      for (const sample of used) {
        const features = sample[modality];
        for (let index = 0; index < features.length; index += 1)
          sum[index % dim] = (sum[index % dim] as number) + (features[index] as number);
      }
      return sum;
    };
    for (const { core } of emotionConcepts) {
      const audioDirection = direction('audio', core);
      const faceDirection = direction('video', core);
      const audioOnly = samples.filter(
        (s) => s.cues.length === 1 && s.cues[0]?.emotion === core && s.cues[0].modality === 'audio',
      );
      const faceOnly = samples.filter(
        (s) => s.cues.length === 1 && s.cues[0]?.emotion === core && s.cues[0].modality === 'face',
      );
      const mean = (list: MerSample[], pick: (s: MerSample) => number) =>
        list.reduce((a, s) => a + pick(s), 0) / list.length;
      // The audio direction is present in audio-only samples' audio, absent from face-only samples' audio.
      expect(mean(audioOnly, (s) => meanProjection(s.audio, dim, audioDirection))).toBeGreaterThan(
        mean(faceOnly, (s) => meanProjection(s.audio, dim, audioDirection)) + 1,
      );
      expect(mean(faceOnly, (s) => meanProjection(s.video, dim, faceDirection))).toBeGreaterThan(
        mean(audioOnly, (s) => meanProjection(s.video, dim, faceDirection)) + 1,
      );
    }
  });

  it('makes subtitles sometimes misleading and sometimes the only cue', () => {
    const samples = all(generateSyntheticDataset({ seed: 6, size: 400 }));
    const lineOwner = new Map(
      emotionConcepts.flatMap((c) => c.lines.map((l) => [l, c.core] as const)),
    );
    let misleading = 0;
    let wordsOnly = 0;
    for (const sample of samples) {
      const owner = lineOwner.get(sample.subtitle);
      const present = sample.cues.map((cue) => cue.emotion);
      if (owner !== undefined && !present.includes(owner)) misleading += 1;
      if (sample.cues.some((cue) => cue.modality === 'subtitle')) {
        expect(present).toContain(owner);
        wordsOnly += 1;
      }
    }
    expect(misleading).toBeGreaterThan(20);
    expect(wordsOnly).toBeGreaterThan(50);
  });

  it('rejects a too-small size with INVALID_ARGUMENT naming the argument', () => {
    try {
      generateSyntheticDataset({ size: 2 });
      expect.unreachable();
    } catch (error) {
      expect(R1kitError.isInstance(error) && error.code).toBe('INVALID_ARGUMENT');
      expect((error as Error).message).toContain('size');
    }
  });
});
