import { nodeBuiltin, R1kitError } from '@r1kit/core';
import { builtinWheelSet } from '../builtin/builtin-wheel-set.js';
import type { EmotionWheelVariant } from '../emotion-wheel-set.js';
import { type LabelFileProblem, readLabelFile } from '../files/read-label-file.js';
import { loadOfficialWheels } from '../load-official-wheels.js';
import { normalizeLabels } from '../parse-label-list.js';
import { scoreEmotionWheel } from '../score-emotion-wheel.js';
import { formatScoreTable } from './format-score-table.js';

const nodeUtil = () => nodeBuiltin({ module: 'util', functionName: 'runCli' });

/**
 * Where the command line writes.
 *
 * @category CLI
 */
export interface CliIo {
  /** Normal output. */
  readonly stdout: (text: string) => void;
  /** Problems and notes. */
  readonly stderr: (text: string) => void;
}

const usage = `Usage: r1kit-ew score --gt GT --pred PRED [--resources DIR] [--variant affectgpt|mer2026]
                      [--level 1|2] [--json] [--on-bad-rows fail|skip]

GT and PRED are CSV files with name,openset columns or AffectGPT *-openset.npz files.
Without --resources the built-in wheels are used (numbers not comparable to papers);
--resources DIR reads the official wheel1-5.xlsx, synonym.xlsx and format.csv.
--variant defaults to affectgpt with --resources and to mer2026 with the built-in wheels.
`;

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/**
 * Runs `r1kit-ew` with the given arguments (without `node` and the script path).
 *
 * @param argv - Command-line arguments, e.g. `['score', '--gt', 'gt.csv', '--pred', 'pred.npz']`.
 * @param io - Output sinks. @defaultValue process stdout and stderr
 * @returns The exit code: 0 success, 1 bad rows (with `--on-bad-rows fail`), a file error or no
 *   sample to score (an empty file, no matching names, no ground truth that maps to a wheel), 2
 *   usage error.
 *
 * @example
 * ```ts
 * import { runCli } from '@r1kit/emotion-wheel';
 * process.exitCode = await runCli(['score', '--gt', 'gt.csv', '--pred', 'pred.csv', '--json']);
 * ```
 *
 * @category CLI
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let parsed: ReturnType<typeof parseCliArguments>;
  try {
    parsed = parseCliArguments(argv);
  } catch (error) {
    io.stderr(`r1kit-ew: ${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (parsed === 'help') {
    io.stdout(usage);
    return 0;
  }
  const { gt, pred, resources, variant, level, json, skipBadRows } = parsed;
  try {
    const wheels = resources ? await loadOfficialWheels(resources, { variant }) : builtinWheelSet();
    const truthFile = await readLabelFile(gt);
    const predictedFile = await readLabelFile(pred);
    const predictedByName = new Map(predictedFile.rows.map((row) => [row.name, row.field]));
    const problems: string[] = [
      ...describeProblems(gt, truthFile.problems),
      ...describeProblems(pred, predictedFile.problems),
    ];
    const truth: Record<string, string> = {};
    const predictions: Record<string, string> = {};
    for (const row of truthFile.rows) {
      if (!isLabelList(row.field)) {
        problems.push(
          `${gt}:${row.line}: ground truth ${JSON.stringify(row.field)} of "${row.name}" is not a label list such as "[happy, sad]"`,
        );
        continue;
      }
      const predicted = predictedByName.get(row.name);
      if (predicted === undefined) {
        problems.push(`${gt}:${row.line}: no prediction for ground-truth name "${row.name}"`);
        continue;
      }
      truth[row.name] = row.field;
      predictions[row.name] = predicted;
    }
    if (problems.length > 0) {
      io.stderr(`${problems.join('\n')}\n`);
      if (!skipBadRows) {
        io.stderr(
          `r1kit-ew: ${problems.length} bad row(s); fix them or pass --on-bad-rows skip to score the rest\n`,
        );
        return 1;
      }
      io.stderr(`r1kit-ew: skipped ${problems.length} bad row(s)\n`);
    }
    const samples = Object.keys(truth).length;
    if (samples === 0) {
      io.stderr(
        `r1kit-ew: no sample to score (${truthFile.rows.length} ground-truth row(s) in ${gt}, none usable with a prediction in ${pred}); zero scored samples is an error, not a score\n`,
      );
      return 1;
    }
    const score = scoreEmotionWheel(truth, predictions, { wheels, level, variant });
    if (score.perWheel.every((wheel) => wheel.samples === 0)) {
      io.stderr(
        `r1kit-ew: none of the ${samples} ground-truth label list(s) in ${gt} maps to a class of any wheel, so no sample could be scored; check the ground-truth file and --resources\n`,
      );
      return 1;
    }
    const source = resources ? `official (${resources})` : 'built-in (not comparable to papers)';
    if (json) {
      io.stdout(
        `${JSON.stringify({ resources: source, variant, level, samples, skippedRows: problems.length, ...score })}\n`,
      );
    } else {
      io.stdout(formatScoreTable(score, { source, variant, level, samples }));
    }
    return 0;
  } catch (error) {
    const message = R1kitError.isInstance(error) ? error.message : String(error);
    io.stderr(`r1kit-ew: ${message}\n`);
    return 1;
  }
}

/** Whether a label field is a list (`[a, b]`, `[]`, `a, b`) rather than stray brackets (`[`, `[[[`). */
function isLabelList(field: string): boolean {
  const opening = field.split('[').length - 1;
  const closing = field.split(']').length - 1;
  if (opening > 1 || closing > 1 || opening !== closing) return false;
  return normalizeLabels(field).every((label) => !/[[\]]/.test(label));
}

function describeProblems(path: string, problems: readonly LabelFileProblem[]): string[] {
  return problems.map((problem) => `${path}:${problem.line}: ${problem.message}`);
}

function parseCliArguments(argv: readonly string[]) {
  const { values, positionals } = nodeUtil().parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      gt: { type: 'string' },
      pred: { type: 'string' },
      resources: { type: 'string' },
      variant: { type: 'string' },
      level: { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
      'on-bad-rows': { type: 'string', default: 'fail' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help' as const;
  if (positionals.length !== 1 || positionals[0] !== 'score') {
    throw new Error(`expected the command "score"; received ${JSON.stringify(positionals)}`);
  }
  if (!values.gt || !values.pred) throw new Error('--gt and --pred are required');
  // Official files default to the AffectGPT evaluation; built-in wheels to the MER2026 zero
  // guards, as builtinWheelSet() does in the API.
  const variant = values.variant ?? (values.resources ? 'affectgpt' : 'mer2026');
  if (variant !== 'affectgpt' && variant !== 'mer2026') {
    throw new Error(`--variant must be affectgpt or mer2026; received ${variant}`);
  }
  if (values.level !== '1' && values.level !== '2') {
    throw new Error(`--level must be 1 or 2; received ${values.level}`);
  }
  const onBadRows = values['on-bad-rows'];
  if (onBadRows !== 'fail' && onBadRows !== 'skip') {
    throw new Error(`--on-bad-rows must be fail or skip; received ${onBadRows}`);
  }
  return {
    gt: values.gt,
    pred: values.pred,
    resources: values.resources,
    variant: variant as EmotionWheelVariant,
    level: Number(values.level) as 1 | 2,
    json: values.json,
    skipBadRows: onBadRows === 'skip',
  };
}
