import { describe, expect, it } from 'vitest';
import { normalizeLabels, parseLabelList } from './parse-label-list.js';

describe('parseLabelList (official string_to_list semantics)', () => {
  it('drops one bracket at each end and splits on commas and quotes', () => {
    expect(parseLabelList('[happy, sad]')).toEqual(['happy', 'sad']);
    expect(parseLabelList("['Happy', 'Angry']")).toEqual(['Happy', 'Angry']);
    expect(parseLabelList('["HAPPY", \' angry \']')).toEqual(['HAPPY', 'angry']);
    expect(parseLabelList('frustrated, disappointed')).toEqual(['frustrated', 'disappointed']);
  });

  it('does not split on and, semicolons, slashes or spaces', () => {
    expect(parseLabelList('[happy and excited]')).toEqual(['happy and excited']);
    expect(parseLabelList('[happy; excited]')).toEqual(['happy; excited']);
    expect(parseLabelList('[calm/relaxed]')).toEqual(['calm/relaxed']);
  });

  it('removes brackets only at the very ends, before stripping', () => {
    expect(parseLabelList(' [happy] ')).toEqual(['[happy]']);
    expect(parseLabelList('[happy, sad].')).toEqual(['happy', 'sad].']);
    expect(parseLabelList('[[happy]]')).toEqual(['[happy]']);
  });

  it('splits a straight apostrophe but not a curly one', () => {
    expect(parseLabelList("[don't care]")).toEqual(['don', 't care']);
    expect(parseLabelList('[don’t care]')).toEqual(['don’t care']);
  });

  it('gives [] for empty input and returns lists unchanged', () => {
    expect(parseLabelList('')).toEqual([]);
    expect(parseLabelList('[]')).toEqual([]);
    expect(parseLabelList(null)).toEqual([]);
    expect(parseLabelList(undefined)).toEqual([]);
    expect(parseLabelList([' Happy ', 'a,b'])).toEqual([' Happy ', 'a,b']);
  });

  it('normalizeLabels lower-cases and strips every item', () => {
    expect(normalizeLabels([' Happy ', 'SAD'])).toEqual(['happy', 'sad']);
    expect(normalizeLabels("['Happy', 'Angry']")).toEqual(['happy', 'angry']);
  });
});
