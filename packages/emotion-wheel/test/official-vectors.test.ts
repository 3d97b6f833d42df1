import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseNpz } from '@r1kit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EmotionWheelSet } from '../src/emotion-wheel-set.js';
import { hitRate } from '../src/hit-rate.js';
import { loadOfficialWheels } from '../src/load-official-wheels.js';
import { mapLabel } from '../src/map-label.js';
import { normalizeLabels } from '../src/parse-label-list.js';
import { scoreEmotionWheel } from '../src/score-emotion-wheel.js';
import { hasReference, referenceDirectory } from './reference-data.js';

interface Case {
  name: string;
  gt: string;
  pred: string;
  mapped_affectgpt_version: Record<string, { gt: string[]; pred: string[] }>;
  [key: string]: unknown;
}

type Triple = [number | null, number | null, number | null];

const variants = ['affectgpt', 'mer2026'] as const;
const levels = [1, 2] as const;

function expectTriple(actual: { f: number; precision: number; recall: number }, expected: Triple) {
  const values = [actual.f, actual.precision, actual.recall];
  expected.forEach((value, index) => {
    if (value === null) expect(values[index]).toBeNaN();
    else expect(values[index]).toBeCloseTo(value, 12);
  });
}

describe.skipIf(!hasReference)('official test_vectors.json (both variants, both levels)', () => {
  const vectors = hasReference
    ? JSON.parse(readFileSync(resolve(referenceDirectory, 'test_vectors.json'), 'utf8'))
    : { cases: [] };
  const cases: Case[] = vectors.cases;
  const sets: Partial<Record<(typeof variants)[number], EmotionWheelSet>> = {};

  beforeAll(async () => {
    sets.affectgpt = await loadOfficialWheels(referenceDirectory);
    sets.mer2026 = await loadOfficialWheels(referenceDirectory, { variant: 'mer2026' });
  });

  it('builds the documented resource sizes', () => {
    expect(sets.affectgpt!.keys).toHaveLength(7386);
    expect(sets.mer2026!.keys).toHaveLength(7356);
    expect(sets.affectgpt!.synonyms.size).toBe(1255);
    expect(sets.affectgpt!.clusters.map((maps) => maps.level1.size)).toEqual([
      114, 126, 78, 102, 77,
    ]);
    expect(sets.affectgpt!.clusters[0]!.level2.get('happy')).toBe('accepted');
  });

  it.each(cases.map((item) => [item.name, item] as const))('case %s', (_name, item) => {
    for (const variant of variants) {
      for (const level of levels) {
        const score = scoreEmotionWheel([item.gt], [item.pred], { wheels: sets[variant], level });
        expectTriple(score, item[`${variant}_version_level${level}`] as Triple);
      }
    }
    for (const [metric, expected] of Object.entries(item.mapped_affectgpt_version)) {
      const [, wheelNumber, levelNumber] = /wheel(\d)_level(\d)/.exec(metric)!;
      const options = {
        wheels: sets.affectgpt!,
        wheel: Number(wheelNumber) - 1,
        level: Number(levelNumber) as 1 | 2,
      };
      const mapped = (field: string) =>
        [...new Set(normalizeLabels(field).map((label) => mapLabel(label, options)))]
          .filter((value) => value !== undefined)
          .sort();
      expect([metric, mapped(item.gt), mapped(item.pred)]).toEqual([
        metric,
        [...expected.gt].sort(),
        [...expected.pred].sort(),
      ]);
    }
  });

  it('scores all cases as one dataset', () => {
    const truth = Object.fromEntries(cases.map((item) => [item.name, item.gt]));
    const predicted = Object.fromEntries(cases.map((item) => [item.name, item.pred]));
    for (const variant of variants) {
      for (const level of levels) {
        const score = scoreEmotionWheel(truth, predicted, { wheels: sets[variant], level });
        expectTriple(score, vectors.all_cases_as_one_dataset[`${variant}_version_level${level}`]);
      }
    }
  });

  it('reproduces the hit-rate example', () => {
    const example = vectors.hitrate_example_affectgpt_version;
    const score = hitRate(example.name2gt, example.name2pred, { wheels: sets.affectgpt });
    expect(score.perWheel.map((wheel) => [wheel.hitRate, wheel.mscore])).toEqual(
      example['per_wheel_[hitrate,mscore]'].map((pair: number[]) =>
        pair.map((value) => expect.closeTo(value, 12)),
      ),
    );
    const final = example['final_[hitrate,mscore]_mean_over_5_wheels'];
    expect(score.hitRate).toBeCloseTo(final[0], 12);
    expect(score.mscore).toBeCloseTo(final[1], 12);
  });

  it('scores the 532 real outputs in both variants within one point of each other', () => {
    const outputs = resolve(referenceDirectory, 'sample-outputs');
    const load = (file: string) => {
      const arrays = parseNpz(readFileSync(resolve(outputs, file)), { source: file });
      const names = arrays.get('filenames')!.data as string[];
      const items = arrays.get('fileitems')!.data as string[];
      return Object.fromEntries(names.map((name, index) => [name, items[index]!]));
    };
    // Epoch-30 outputs stand in for ground truth (the OV-MERD+ labels are not public).
    const truth = load('checkpoint_000030_loss_0.602-openset.npz');
    const predicted = load('checkpoint_000060_loss_0.480-openset.npz');
    const affectgpt = scoreEmotionWheel(truth, predicted, { wheels: sets.affectgpt });
    const mer2026 = scoreEmotionWheel(truth, predicted, { wheels: sets.mer2026 });
    for (const score of [affectgpt, mer2026]) {
      expect(score.f).toBeGreaterThan(0.3);
      expect(score.f).toBeLessThan(1);
      expect(score.perWheel.every((wheel) => wheel.samples > 500 && wheel.samples <= 532)).toBe(
        true,
      );
    }
    expect(Math.abs(affectgpt.f - mer2026.f)).toBeLessThan(0.01);
    expect(affectgpt.f).not.toBe(mer2026.f);
  });
});
