import { invalidArgument, requireNumber } from '@r1kit/core';

/**
 * One line of a plot.
 *
 * @category Reports
 */
export interface LinePlotSeries {
  /** Legend label. */
  readonly label: string;
  /** Points as `[x, y]`; a point with a non-finite coordinate is skipped. */
  readonly points: ReadonlyArray<readonly [number, number]>;
}

/**
 * Options of {@link renderLinePlotSvg}.
 *
 * @category Reports
 */
export interface RenderLinePlotSvgOptions {
  /** The lines, drawn in order with the colours `#1f77b4`, `#d62728`, `#2ca02c`, `#ff7f0e`, `#9467bd`. */
  readonly series: readonly LinePlotSeries[];
  /** Title above the plot. */
  readonly title: string;
  /**
   * X-axis label.
   *
   * @defaultValue `'step'`
   */
  readonly xLabel?: string;
  /**
   * Width in pixels (the plot box is the width less 68 pixels of margins).
   *
   * @defaultValue 480
   */
  readonly width?: number;
  /**
   * Height in pixels (the plot box is the height less 68 pixels of margins).
   *
   * @defaultValue 260
   */
  readonly height?: number;
}

const colors = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd'];
const margin = { left: 56, right: 12, top: 28, bottom: 40 };
const xmlEntities: Readonly<Record<string, string>> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  '"': '&quot;',
};

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (character) => xmlEntities[character] as string);
}

function formatTick(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  return magnitude >= 1000 || magnitude < 0.01
    ? value.toExponential(1)
    : String(Number(value.toPrecision(3)));
}

function finitePoints(series: LinePlotSeries): Array<readonly [number, number]> {
  return series.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
}

/** `[min, max]` of the values, widened by 0.5 on each side when they are all equal. */
function range(values: readonly number[]): [number, number] {
  if (values.length === 0) return [0, 1];
  const min = Math.min(...values);
  const max = Math.max(...values);
  return min === max ? [min - 0.5, max + 0.5] : [min, max];
}

/**
 * Renders line series as a standalone SVG document (no script, no external resource): axes with
 * the minimum and maximum as ticks, one polyline per series, a legend in the top-right corner.
 * Runs anywhere (no file system); {@link writeTrainingReport} uses it for the plots of a run.
 *
 * @param options - The series, the title and the size.
 * @returns The SVG text, ending with a newline.
 * @throws R1kitError `INVALID_ARGUMENT` when `options.series` is empty, or when `width` /
 *   `height` leave no room for the plot box.
 *
 * @example
 * ```ts
 * import { renderLinePlotSvg } from '@r1kit/trainer';
 * const svg = renderLinePlotSvg({
 *   title: 'Reward',
 *   series: [{ label: 'reward', points: [[1, 0.2], [2, 0.5], [3, 0.4]] }],
 * });
 * console.log(svg.startsWith('<svg')); // true
 * ```
 *
 * @category Reports
 */
export function renderLinePlotSvg(options: RenderLinePlotSvgOptions): string {
  const { series, title } = options;
  if (series.length === 0) {
    throw invalidArgument({
      functionName: 'renderLinePlotSvg',
      argument: 'options.series',
      received: series,
      expected: 'at least one series',
    });
  }
  const width = requireNumber({
    functionName: 'renderLinePlotSvg',
    argument: 'options.width',
    value: options.width ?? 480,
    min: margin.left + margin.right,
    exclusiveMin: true,
  });
  const height = requireNumber({
    functionName: 'renderLinePlotSvg',
    argument: 'options.height',
    value: options.height ?? 260,
    min: margin.top + margin.bottom,
    exclusiveMin: true,
  });
  const finite = series.flatMap(finitePoints);
  const [xMin, xMax] = range(finite.map(([x]) => x));
  const [yMin, yMax] = range(finite.map(([, y]) => y));
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const toX = (x: number) => margin.left + ((x - xMin) / (xMax - xMin)) * plotWidth;
  const toY = (y: number) => margin.top + (1 - (y - yMin) / (yMax - yMin)) * plotHeight;
  const lines = series.map((line, index) => {
    const points = finitePoints(line)
      .map(([x, y]) => `${toX(x).toFixed(1)},${toY(y).toFixed(1)}`)
      .join(' ');
    const color = colors[index % colors.length];
    const legendY = margin.top + 14 * index + 10;
    return [
      `<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${points}"/>`,
      `<text x="${width - margin.right - 4}" y="${legendY}" text-anchor="end" fill="${color}">${escapeXml(line.label)}</text>`,
    ].join('');
  });
  const bottom = margin.top + plotHeight;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="16" text-anchor="middle" font-size="13">${escapeXml(title)}</text>`,
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
