import { expectR1kitError } from '@r1kit/test-utils';
import { describe, expect, it } from 'vitest';
import { renderLinePlotSvg } from './render-line-plot-svg.js';

function polylines(svg: string): Array<Array<[number, number]>> {
  return [...svg.matchAll(/points="([^"]*)"/g)].map((match) =>
    (match[1] as string)
      .split(' ')
      .filter(Boolean)
      .map((pair) => pair.split(',').map(Number) as [number, number]),
  );
}

describe('renderLinePlotSvg', () => {
  it('maps the data range onto the plot box (min at the bottom-left, max at the top-right)', () => {
    const svg = renderLinePlotSvg({
      title: 'Reward',
      width: 480,
      height: 260,
      series: [
        {
          label: 'reward',
          points: [
            [0, 0],
            [5, 2],
            [10, 4],
          ],
        },
      ],
    });
    const [line] = polylines(svg);
    // margins: left 56, right 12, top 28, bottom 40 -> x in [56, 468], y in [28, 220].
    expect(line).toEqual([
      [56, 220],
      [262, 124],
      [468, 28],
    ]);
    expect(svg).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain('>Reward</text>');
    // Ticks: y from 0 to 4, x from 0 to 10; the x label defaults to `step`.
    expect(svg).toContain('<text x="52" y="32" text-anchor="end">4</text>');
    expect(svg).toContain('<text x="468" y="234" text-anchor="middle">10</text>');
    expect(svg).toContain('>step</text>');
  });

  it('widens a flat range by 0.5 each side, so a constant line sits in the middle', () => {
    const svg = renderLinePlotSvg({
      title: 'KL',
      xLabel: 'iteration',
      width: 168,
      height: 168,
      series: [
        {
          label: 'kl',
          points: [
            [3, 2],
            [3, 2],
          ],
        },
      ],
    });
    // Box x in [56, 156], y in [28, 128]; x and y ranges [2.5, 3.5] and [1.5, 2.5].
    expect(polylines(svg)[0]).toEqual([
      [106, 78],
      [106, 78],
    ]);
    expect(svg).toContain('>iteration</text>');
  });

  it('skips non-finite values, escapes labels and draws one line per series', () => {
    const svg = renderLinePlotSvg({
      title: 'T & U',
      series: [
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
    });
    const lines = polylines(svg);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toHaveLength(2);
    expect(svg).toContain('a&lt;b');
    expect(svg).toContain('T &amp; U');
    expect(svg).not.toContain('NaN');
    expect(svg).toContain('stroke="#d62728"');
  });

  it('rejects an empty series list and a size without room for the plot box', () => {
    expectR1kitError(
      () => renderLinePlotSvg({ title: 'x', series: [] }),
      'INVALID_ARGUMENT',
      'options.series',
    );
    const series = [{ label: 'a', points: [[0, 1]] as const }];
    expectR1kitError(
      () => renderLinePlotSvg({ title: 'x', series, width: 68 }),
      'INVALID_ARGUMENT',
      'options.width',
      '68',
    );
    expectR1kitError(
      () => renderLinePlotSvg({ title: 'x', series, height: Number.NaN }),
      'INVALID_ARGUMENT',
      'options.height',
    );
  });
});
