import { describe, expect, it } from 'vitest';
import { wheelClusterMaps } from './wheel-tree.js';

describe('wheelClusterMaps', () => {
  const maps = wheelClusterMaps({
    name: 'test',
    rows: [
      { level1: 'happy', level2: 'playful', level3: 'cheeky' },
      { level1: 'happy', level2: 'accepted', level3: 'respected' },
      { level1: 'sad', level2: 'hurt', level3: 'disappointed' },
      { level1: 'bad', level2: 'stressed', level3: 'disappointed' },
      { level1: 'bad', level2: 'bored', level3: '' },
    ],
  });

  it('maps every word to its core at level 1', () => {
    expect(maps.level1.get('cheeky')).toBe('happy');
    expect(maps.level1.get('accepted')).toBe('happy');
    expect(maps.level1.get('happy')).toBe('happy');
    expect(maps.level1.get('bored')).toBe('bad');
  });

  it('maps a core word to its alphabetically first child at level 2', () => {
    expect(maps.level2.get('happy')).toBe('accepted');
    expect(maps.level2.get('bad')).toBe('bored');
    expect(maps.level2.get('cheeky')).toBe('playful');
    expect(maps.level2.get('playful')).toBe('playful');
  });

  it('keeps the last placement of a word placed twice', () => {
    expect(maps.level1.get('disappointed')).toBe('bad');
    expect(maps.level2.get('disappointed')).toBe('stressed');
  });

  it('has one entry per distinct word and skips empty outer words', () => {
    expect(maps.level1.size).toBe(11);
    expect(maps.level1.has('')).toBe(false);
  });
});
