const svgNamespace = 'http://www.w3.org/2000/svg';

/**
 * Draws a line plot of `values` (one point per step) into an `<svg>`, scaled to `[0, 1]` on
 * the y axis, with the latest value as a label. Redrawn on every step.
 *
 * @param svg - The target element (its content is replaced).
 * @param values - The series.
 * @param totalSteps - Width of the x axis in steps.
 * @category Page
 */
export function drawLinePlot(
  svg: SVGSVGElement,
  values: readonly number[],
  totalSteps: number,
): void {
  const width = 400;
  const height = 200;
  const pad = 28;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.replaceChildren();
  const x = (step: number) => pad + ((width - 2 * pad) * step) / Math.max(1, totalSteps - 1);
  const y = (value: number) => height - pad - (height - 2 * pad) * Math.min(1, Math.max(0, value));
  const element = (name: string, attributes: Record<string, string | number>) => {
    const node = document.createElementNS(svgNamespace, name);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
    svg.append(node);
    return node;
  };
  element('rect', {
    x: pad,
    y: pad,
    width: width - 2 * pad,
    height: height - 2 * pad,
    fill: 'none',
    stroke: '#ccc',
  });
  for (const tick of [0, 0.5, 1]) {
    element('text', { x: 4, y: y(tick) + 4, 'font-size': 10, fill: '#666' }).textContent =
      tick.toFixed(1);
  }
  if (values.length === 0) return;
  const points = values.map((value, step) => `${x(step).toFixed(1)},${y(value).toFixed(1)}`);
  element('polyline', {
    points: points.join(' '),
    fill: 'none',
    stroke: '#2a6fdb',
    'stroke-width': 1.5,
  });
  const last = values[values.length - 1] as number;
  element('text', { x: width - pad - 40, y: pad - 8, 'font-size': 11, fill: '#222' }).textContent =
    last.toFixed(3);
}
