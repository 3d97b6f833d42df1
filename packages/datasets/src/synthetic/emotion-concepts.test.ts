import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  builtinWheelSet,
  type EmotionWheelSet,
  loadOfficialWheels,
  sampleEmotionWheelF1,
} from '@r1kit/emotion-wheel';
import { describe, expect, it } from 'vitest';
import { emotionConcepts } from './emotion-concepts.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const official = path.resolve(repoRoot, '../shared/reference/affectgpt-ew');

/**
 * The wheels do not fold every synonym perfectly (in the built-in wheels `shocked` is not a kind
 * of surprise; in the official files `fear` folds onto `fearful` in one wheel of five), so the
 * checks are on averages: every label is in the vocabulary, a label agrees with its own core
 * emotion far more than different core emotions agree with each other.
 */
function checkConcepts(wheels: EmotionWheelSet, minimumWithin: number): void {
  const within: number[] = [];
  const across: number[] = [];
  for (const concept of emotionConcepts) {
    for (const label of concept.labels) {
      expect(
        sampleEmotionWheelF1([label], [label], { wheels }),
        `${label} is in the vocabulary`,
      ).toBe(1);
      within.push(sampleEmotionWheelF1([concept.core], [label], { wheels }));
    }
    for (const other of emotionConcepts) {
      if (other !== concept)
        across.push(sampleEmotionWheelF1([concept.core], [other.core], { wheels }));
    }
  }
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  expect(mean(within)).toBeGreaterThan(minimumWithin);
  expect(mean(across)).toBeLessThan(0.1);
}

describe('emotionConcepts', () => {
  it('folds synonyms onto their core emotion and keeps the six emotions apart (built-in wheels)', () => {
    checkConcepts(builtinWheelSet(), 0.95);
  });

  it.skipIf(!existsSync(path.join(official, 'wheel1.xlsx')))(
    'does the same with the official OV-MER wheel files (skipped when ../shared is absent)',
    async () => {
      checkConcepts(await loadOfficialWheels(official), 0.9);
    },
  );
});
