import { expectR1kitError } from '@r1kit/test-utils';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../test/helpers.js';
import { overlongPenalty } from './overlong-penalty.js';

describe('overlongPenalty (spec §2.7, L_max 20, L_cache 4)', () => {
  const options = { maxCompletionLength: 20, softPunishCache: 4 };
  it('is 0 up to 16, ramps to -1 at 20', () => {
    expectClose(overlongPenalty([15, 16, 17, 18, 20], options), [0, 0, -0.25, -0.5, -1], 1e-12);
    expect(overlongPenalty(17, options)).toBe(-0.25);
  });
  it('beyond L_max: TRL and OpenRLHF cap at -1, verl gives -1.5 for 22', () => {
    expect(overlongPenalty(22, { ...options, preset: 'trl' })).toBe(-1);
    expect(overlongPenalty(22, { ...options, preset: 'openrlhf' })).toBe(-1);
    expect(overlongPenalty(22, { ...options, preset: 'verl' })).toBe(-1.5);
  });
  it('scales by penaltyFactor', () => {
    expect(overlongPenalty(18, { ...options, penaltyFactor: 0.5 })).toBe(-0.25);
  });
  it('rejects bad lengths and options', () => {
    expectR1kitError(
      () => overlongPenalty(-1, options),
      'INVALID_ARGUMENT',
      'length',
      'received -1',
    );
    expectR1kitError(
      () => overlongPenalty([1, Number.NaN], options),
      'INVALID_ARGUMENT',
      'length[1]',
    );
    expectR1kitError(
      () => overlongPenalty(3, { maxCompletionLength: 20, softPunishCache: 0 }),
      'INVALID_ARGUMENT',
      'options.softPunishCache',
    );
    expectR1kitError(
      () => overlongPenalty(3, { maxCompletionLength: 20, softPunishCache: 30 }),
      'INVALID_ARGUMENT',
      'options.softPunishCache',
    );
    expectR1kitError(
      () => overlongPenalty(3, { maxCompletionLength: 0, softPunishCache: 1 }),
      'INVALID_ARGUMENT',
      'options.maxCompletionLength',
    );
  });
});
