import type { EvaluationTable, TrainingReportOptions } from './training-report-options.js';

const escapeCell = (text: string) => text.replace(/\|/g, '\\|');

function tableLines<Row>(table: EvaluationTable<Row>): string[] {
  const row = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  return [
    row(table.columns.map((column) => column.header)),
    `|${table.columns.map(() => '---').join('|')}|`,
    ...table.rows.map((entry) => row(table.columns.map((column) => column.cell(entry)))),
  ];
}

/**
 * The text of `report.md`: sections separated by blank lines, each left out when it has no data.
 *
 * @param options - The report options.
 * @param plotFiles - The plot files written, in order.
 * @param notPlotted - Titles of the plots without data.
 * @returns The Markdown text.
 */
export function reportMarkdown<Row>(
  options: TrainingReportOptions<Row>,
  plotFiles: readonly string[],
  notPlotted: readonly string[],
): string {
  const sections: string[][] = [[`# ${options.title ?? 'Training report'}`]];
  if (options.command !== undefined) sections.push([`Command: \`${options.command}\``]);
  if (options.evaluation !== undefined) {
    const title = options.evaluation.title ?? 'Evaluation';
    sections.push([`## ${title}`, '', ...tableLines(options.evaluation)]);
  }
  if (options.timings !== undefined) {
    const timings = Object.entries(options.timings).map(
      ([stage, seconds]) => `${stage} ${seconds.toFixed(1)} s`,
    );
    sections.push([`Timings: ${timings.join(', ') || 'n/a'}.`]);
  }
  const notes = options.notes ?? [];
  if (notes.length > 0) sections.push(['## Notes', '', ...notes.map((note) => `- ${note}`)]);
  if (plotFiles.length > 0) {
    const images = plotFiles.map((file) => `![${file}](plots/${file})`);
    sections.push([`## ${options.plotsTitle ?? 'Training curves'}`, '', ...images]);
  }
  if (notPlotted.length > 0) {
    sections.push([`Not plotted (no such metric in this run): ${notPlotted.join(', ')}.`]);
  }
  return sections.flatMap((section) => [...section, '']).join('\n');
}
