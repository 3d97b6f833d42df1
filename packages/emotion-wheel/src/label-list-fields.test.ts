import { describe, expect, it } from 'vitest';
import { isCleanLabelList, labelListFields } from './label-list-fields.js';

describe('labelListFields', () => {
  it('keeps empty and repeated fields, strips brackets and one quote pair per field', () => {
    expect(labelListFields('Sad, sad,,,')).toEqual(['sad', 'sad', '', '', '']);
    expect(labelListFields('[\'Happy\', "joyful"]')).toEqual(['happy', 'joyful']);
    expect(labelListFields("happy 'joyful'")).toEqual(["happy 'joyful'"]);
    expect(labelListFields('')).toEqual(['']);
  });
});

describe('isCleanLabelList', () => {
  it('accepts plain and quoted lists, refuses empty, repeated and quote-broken labels', () => {
    expect(isCleanLabelList('happy, joyful')).toBe(true);
    expect(isCleanLabelList("['happy', 'joyful']")).toBe(true);
    expect(isCleanLabelList('sad,sad,,,')).toBe(false);
    expect(isCleanLabelList('happy, HAPPY')).toBe(false);
    expect(isCleanLabelList('happy,,joyful')).toBe(false);
    expect(isCleanLabelList("happy 'joyful'")).toBe(false);
    expect(isCleanLabelList('')).toBe(false);
  });
});
