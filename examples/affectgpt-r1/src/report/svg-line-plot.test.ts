import { R1kitError } from '@r1kit/core';
import { describe, expect, it } from 'vitest';
import { svgLinePlot } from './svg-line-plot.js';

function polylines(svg: string): Array<Array<[number, number]>> {
  return [...svg.matchAll(/points="([^"]*)"/g)].map((match) =>
    (match[1] as string)
      .split(' ')
      .filter(Boolean)
      .map((pair) => pair.split(',').map(Number) as [number, number]),
  );
}

describe('svgLinePlot', () => {
  it('maps the data range onto the plot box (min at the bottom-left, max at the top-right)', () => {
    const svg = svgLinePlot(
      [
        {
          label: 'reward',
          points: [
            [0, 0],
            [5, 2],
            [10, 4],
          ],
        },
      ],
      { title: 'Reward', width: 480, height: 260 },
    );
    const [line] = polylines(svg);
    // margins: left 56, right 12, top 28, bottom 40 -> x in [56, 468], y in [28, 220].
    expect(line).toEqual([
      [56, 220],
      [262, 124],
      [468, 28],
    ]);
    expect(svg).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain('>Reward</text>');
  });

  it('skips non-finite values, escapes labels and draws one line per series', () => {
    const svg = svgLinePlot(
      [
        {
          label: 'a<b',
          points: [
            [0, 1],
            [1, Number.NaN],
            [2, 3],
          ],
        },
        {
          label: 'flat',
          points: [
            [0, 2],
            [2, 2],
          ],
        },
      ],
      { title: 'T & U' },
    );
    const lines = polylines(svg);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toHaveLength(2);
    expect(svg).toContain('a&lt;b');
    expect(svg).toContain('T &amp; U');
    expect(svg).not.toContain('NaN');
  });

  it('rejects an empty series list', () => {
    expect(() => svgLinePlot([], { title: 'x' })).toThrow(R1kitError);
  });
});
