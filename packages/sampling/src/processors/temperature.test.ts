import { errorCode, expectNoLeak } from '@r1kit/test-utils';
import { describe, expect, it } from 'vitest';
import { run2d } from '../../test/assertions.js';
import { temperatureProcessor } from './temperature.js';

const context = { promptIds: [[], []], completionIds: [[], []] };

describe('temperatureProcessor', () => {
  it('divides every logit by the temperature', async () => {
    const processor = temperatureProcessor({ temperature: 0.5 });
    const out = await expectNoLeak(() =>
      run2d(
        (x) => processor.process(x, context),
        [
          [1, -2, 3],
          [0.5, 0, -Infinity],
        ],
      ),
    );
    expect(out).toEqual([
      [2, -4, 6],
      [1, 0, -Infinity],
    ]);
  });

  it('rejects non-positive or non-finite temperatures', async () => {
    for (const temperature of [0, -1, Number.NaN, Infinity]) {
      expect(await errorCode(() => temperatureProcessor({ temperature }))).toBe('INVALID_ARGUMENT');
    }
    expect(() => temperatureProcessor({ temperature: 0 })).toThrow(
      'temperatureProcessor: options.temperature must be a finite number > 0; received 0',
    );
  });
});
