import { nodeBuiltin, R1kitError } from '@r1kit/core';
import { buildTrainingReport } from './build-training-report.js';
import type { TrainingReportOptions } from './training-report-options.js';

const nodeFsPromises = () =>
  nodeBuiltin({ module: 'fs/promises', functionName: 'writeTrainingReport' });
const nodePath = () => nodeBuiltin({ module: 'path', functionName: 'writeTrainingReport' });

/**
 * Options of {@link writeTrainingReport}: where to write, and what the report shows.
 *
 * @category Reports
 */
export interface WriteTrainingReportOptions<Row = unknown> extends TrainingReportOptions<Row> {
  /** The run directory (created when missing). */
  readonly directory: string;
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}`;
  await nodeFsPromises().writeFile(temporary, text);
  await nodeFsPromises().rename(temporary, file);
}

/**
 * Writes the report of {@link buildTrainingReport} into a run directory: `report.json`,
 * `report.md` and `plots/<file>.svg` for each plot that has data. Each file is written to a
 * temporary name and renamed, so a reader never sees half a file. Node.js only.
 *
 * @param options - The directory, the steps and what else the report shows.
 * @returns The paths written: `report.json`, `report.md`, then the plots.
 * @throws R1kitError `IO_ERROR` when the directory cannot be written, `UNSUPPORTED` outside
 *   Node.js, `INVALID_ARGUMENT` as {@link buildTrainingReport}.
 *
 * @example
 * ```ts
 * import { readMetrics, writeTrainingReport } from '@r1kit/trainer';
 * const steps = await readMetrics('runs/demo/grpo/metrics.jsonl');
 * const written = await writeTrainingReport({ directory: 'runs/demo', title: 'Demo run', steps });
 * console.log(written[1]); // 'runs/demo/report.md'
 * ```
 *
 * @category Reports
 */
export async function writeTrainingReport<Row>(
  options: WriteTrainingReportOptions<Row>,
): Promise<string[]> {
  const { directory, ...content } = options;
  const report = buildTrainingReport(content);
  const path = nodePath();
  try {
    await nodeFsPromises().mkdir(path.join(directory, 'plots'), { recursive: true });
    const json = path.join(directory, 'report.json');
    const markdown = path.join(directory, 'report.md');
    await writeAtomically(json, report.json);
    await writeAtomically(markdown, report.markdown);
    const plots: string[] = [];
    for (const plot of report.plots) {
      const file = path.join(directory, 'plots', plot.file);
      await writeAtomically(file, plot.svg);
      plots.push(file);
    }
    return [json, markdown, ...plots];
  } catch (error) {
    throw new R1kitError({
      code: 'IO_ERROR',
      message: `writeTrainingReport: cannot write the report into ${JSON.stringify(directory)} (${(error as Error).message}); check that options.directory is a writable directory`,
      cause: error,
    });
  }
}
