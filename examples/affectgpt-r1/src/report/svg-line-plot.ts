import { invalidArgument } from '@r1kit/core';

/**
 * One line of a plot.
 *
 * @category Report
 */
export interface PlotSeries {
  /** Legend label. */
  readonly label: string;
  /** Points as `[x, y]`; non-finite y values are skipped (gaps). */
  readonly points: ReadonlyArray<readonly [number, number]>;
}

/**
 * Options of {@link svgLinePlot}.
 *
 * @category Report
 */
export interface SvgLinePlotOptions {
  /** Title above the plot. */
  title: string;
  /** X-axis label. @defaultValue `'step'` */
  xLabel?: string;
  /** Width in pixels. @defaultValue 480 */
  width?: number;
  /** Height in pixels. @defaultValue 260 */
  height?: number;
}

const colors = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd'];

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] as string,
  );
}

function formatTick(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  return magnitude >= 1000 || magnitude < 0.01
    ? value.toExponential(1)
    : String(Number(value.toPrecision(3)));
}

/**
 * Renders line series as a standalone SVG document: axes with min/max ticks, one polyline per
 * series, a legend. Used for the per-step plots of `report.md`.
 *
 * @param series - One or more series; an empty series draws nothing.
 * @param options - See {@link SvgLinePlotOptions}.
 * @returns The SVG text.
 * @throws R1kitError `INVALID_ARGUMENT` when `series` is empty.
 * @example
 * ```ts
 * const svg = svgLinePlot([{ label: 'reward', points: [[0, 0.2], [1, 0.5]] }], { title: 'Reward' });
 * ```
 * @category Report
 */
export function svgLinePlot(series: readonly PlotSeries[], options: SvgLinePlotOptions): string {
  if (series.length === 0) {
    throw invalidArgument({
      functionName: 'svgLinePlot',
      argument: 'series',
      received: series,
      expected: 'at least one series',
    });
  }
  const width = options.width ?? 480;
  const height = options.height ?? 260;
  const margin = { left: 56, right: 12, top: 28, bottom: 40 };
  const finite = series.flatMap((s) =>
    s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)),
  );
  const xs = finite.map(([x]) => x);
  const ys = finite.map(([, y]) => y);
  let [xMin, xMax] = xs.length > 0 ? [Math.min(...xs), Math.max(...xs)] : [0, 1];
  let [yMin, yMax] = ys.length > 0 ? [Math.min(...ys), Math.max(...ys)] : [0, 1];
  if (xMax === xMin) [xMin, xMax] = [xMin - 0.5, xMax + 0.5];
  if (yMax === yMin) [yMin, yMax] = [yMin - 0.5, yMax + 0.5];
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const sx = (x: number) => margin.left + ((x - xMin) / (xMax - xMin)) * plotWidth;
  const sy = (y: number) => margin.top + (1 - (y - yMin) / (yMax - yMin)) * plotHeight;
  const lines = series.map((s, index) => {
    const points = s.points
      .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y))
      .map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`)
      .join(' ');
    const color = colors[index % colors.length];
    const legendY = margin.top + 14 * index;
    return [
      `<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${points}"/>`,
      `<text x="${width - margin.right - 4}" y="${legendY + 10}" text-anchor="end" fill="${color}">${escapeXml(s.label)}</text>`,
    ].join('');
  });
  const bottom = margin.top + plotHeight;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="16" text-anchor="middle" font-size="13">${escapeXml(options.title)}</text>`,
    `<path d="M${margin.left},${margin.top}V${bottom}H${width - margin.right}" stroke="#333" fill="none"/>`,
    `<text x="${margin.left - 4}" y="${margin.top + 4}" text-anchor="end">${formatTick(yMax)}</text>`,
    `<text x="${margin.left - 4}" y="${bottom}" text-anchor="end">${formatTick(yMin)}</text>`,
    `<text x="${margin.left}" y="${bottom + 14}" text-anchor="middle">${formatTick(xMin)}</text>`,
    `<text x="${width - margin.right}" y="${bottom + 14}" text-anchor="middle">${formatTick(xMax)}</text>`,
    `<text x="${margin.left + plotWidth / 2}" y="${height - 6}" text-anchor="middle">${escapeXml(options.xLabel ?? 'step')}</text>`,
    ...lines,
    '</svg>',
    '',
  ].join('\n');
}
