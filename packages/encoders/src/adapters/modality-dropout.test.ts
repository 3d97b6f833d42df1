import { RandomGenerator } from '@r1kit/core';
import { expectR1kitError } from '@r1kit/test-utils';
import { describe, expect, it } from 'vitest';
import { sampleModalityDropout } from './modality-dropout.js';

describe('sampleModalityDropout', () => {
  it('drops at about the requested rate, never both modalities, deterministically', () => {
    const batch = 4000;
    const present = { audio: new Array(batch).fill(1), video: new Array(batch).fill(1) };
    const a = sampleModalityDropout(present, {
      probability: 0.2,
      rng: RandomGenerator.fromSeed(1),
    });
    const b = sampleModalityDropout(present, {
      probability: 0.2,
      rng: RandomGenerator.fromSeed(1),
    });
    expect(a).toEqual(b);
    const bothGone = a.audio!.filter((flag, i) => flag === 0 && a.video![i] === 0).length;
    expect(bothGone).toBe(0);
    // Audio is considered first: dropped with p = 0.2; video then with 0.2 only if audio stayed.
    const audioRate = a.audio!.filter((flag) => flag === 0).length / batch;
    const videoRate = a.video!.filter((flag) => flag === 0).length / batch;
    expect(Math.abs(audioRate - 0.2)).toBeLessThan(0.03);
    expect(Math.abs(videoRate - 0.8 * 0.2)).toBeLessThan(0.03);
    expect(present.audio.every((flag) => flag === 1)).toBe(true);
  });

  it('draws one nextFloat per candidate drop, in sample then modality order', () => {
    const probe = RandomGenerator.fromSeed(5);
    const draws = [probe.nextFloat(), probe.nextFloat(), probe.nextFloat()];
    const out = sampleModalityDropout(
      { audio: [1, 1], video: [1, 1] },
      { probability: 0.5, rng: RandomGenerator.fromSeed(5) },
    );
    // Sample 0: audio draw, then video only while two modalities remain.
    const audio0 = draws[0]! < 0.5 ? 0 : 1;
    const video0 = audio0 === 0 ? 1 : draws[1]! < 0.5 ? 0 : 1;
    expect([out.audio![0], out.video![0]]).toEqual([audio0, video0]);
    const next = audio0 === 0 ? draws[1]! : draws[2]!;
    expect(out.audio![1]).toBe(next < 0.5 ? 0 : 1);
  });

  it('keeps a sample whose only modality is present', () => {
    const out = sampleModalityDropout(
      { audio: [1, 1], video: [0, 0] },
      { probability: 0.99, rng: RandomGenerator.fromSeed(0) },
    );
    expect(out).toEqual({ audio: [1, 1], video: [0, 0] });
  });

  it('refuses a probability outside [0, 1)', () => {
    expectR1kitError(
      () =>
        sampleModalityDropout({ audio: [1] }, { probability: 1, rng: RandomGenerator.fromSeed(0) }),
      'INVALID_ARGUMENT',
      /options.probability must be a number in \[0, 1\); received 1/,
    );
  });
});
