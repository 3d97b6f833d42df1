import { nodeBuiltin, parseNpy, R1kitError } from '@r1kit/core';
import { normalizeLabels, parseCsv } from '@r1kit/emotion-wheel';
import { sampleFrameIndices } from '@r1kit/encoders';
import type { MerSample } from '../mer-sample.js';

const nodeFs = () => nodeBuiltin({ module: 'fs/promises', functionName: 'loadOvMer' });
const nodePath = () => nodeBuiltin({ module: 'path', functionName: 'loadOvMer' });

/** A CSV as header plus data rows, each with the line it starts on and its cells. */
interface CsvTable {
  readonly header: readonly string[];
  readonly rows: ReadonlyArray<{ readonly line: number; readonly cells: readonly string[] }>;
}

/** Parses CSV text (the emotion-wheel package's reader, BOM stripped) and checks column counts. */
function readTable(text: string, file: string): CsvTable {
  const [first, ...rest] = parseCsv(text.startsWith('\uFEFF') ? text.slice(1) : text, file);
  if (first === undefined) {
    throw new R1kitError({
      code: 'PARSE_ERROR',
      message: `${file}: the file is empty; expected a header line.`,
    });
  }
  const header = first.fields.map((name) => name.trim());
  for (const row of rest) {
    if (row.fields.length !== header.length) {
      throw new R1kitError({
        code: 'PARSE_ERROR',
        message: `${file}:${row.line}: expected ${header.length} columns (${header.join(',')}); received ${row.fields.length}. Quote fields that contain commas.`,
      });
    }
  }
  return { header, rows: rest.map((row) => ({ line: row.line, cells: row.fields })) };
}

/**
 * A decoded `.npy` array: its shape and its elements in row-major order.
 *
 * @category OV-MER
 */
export interface DecodedArray {
  /** Dimensions, outermost first. */
  readonly shape: readonly number[];
  /** Elements in row-major order (a string array, such as a unicode `.npy`, is refused). */
  readonly data: ArrayLike<number> | ArrayLike<string>;
}

/**
 * Options of {@link loadOvMer}.
 *
 * @category OV-MER
 */
export interface LoadOvMerOptions {
  /** Decodes one feature file. @defaultValue `parseNpy` of `@r1kit/core` */
  readNpy?: (bytes: Uint8Array) => DecodedArray;
  /** Label CSV with `name,openset` columns, relative to the directory. @defaultValue `'label.csv'` */
  labelFile?: string;
  /** Subtitle CSV with `name` and `english` (or `subtitle`) columns. @defaultValue `'subtitle.csv'` */
  subtitleFile?: string;
  /** Optional description CSV with `name,reason` columns (cold-start targets). @defaultValue `'description.csv'` */
  descriptionFile?: string;
  /** Audio feature folder with `<name>.npy`, each `[clips, dim]` or `[dim]`. @defaultValue `'audio'` */
  audioFolder?: string;
  /** Face/video feature folder with `<name>.npy`, each `[frames, dim]` or `[dim]`. @defaultValue `'face'` */
  videoFolder?: string;
  /** Steps per modality after uniform sampling (AffectGPT: 8). @defaultValue 8 */
  steps?: number;
}

async function readText(file: string, what: string): Promise<string | undefined> {
  try {
    return await nodeFs().readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new R1kitError({
      code: 'IO_ERROR',
      message: `loadOvMer: cannot read the ${what} ${file}: ${(error as Error).message}`,
      cause: error,
    });
  }
}

function column(header: readonly string[], names: readonly string[], file: string): number {
  const index = header.findIndex((name) => names.includes(name.toLowerCase()));
  if (index < 0) {
    throw new R1kitError({
      code: 'PARSE_ERROR',
      message: `${file}:1: expected a column named ${names.join(' or ')}; the header is ${header.join(',')}.`,
    });
  }
  return index;
}

/**
 * Uniformly samples `steps` rows as AffectGPT samples frames (`sampleFrameIndices` with the
 * `'stretch'` spacing, which repeats rows evenly when there are fewer than `steps`). OV-MER
 * feature files differ in length, which is why this loader resamples each file rather than
 * opening the folders with `openFeatureDataset` (one shape per modality).
 */
function resample(
  array: DecodedArray,
  steps: number,
  file: string,
): { data: Float32Array; dim: number } {
  const shape = array.shape.length === 1 ? [1, array.shape[0] as number] : array.shape;
  if (shape.length !== 2 || (shape[0] as number) < 1 || (shape[1] as number) < 1) {
    throw new R1kitError({
      code: 'SHAPE_MISMATCH',
      message: `loadOvMer: ${file} has shape [${array.shape.join(', ')}]; expected [steps, dim] or [dim].`,
    });
  }
  const [rows, dim] = shape as [number, number];
  const data = new Float32Array(steps * dim);
  const indices = sampleFrameIndices(rows, { count: steps, whenShort: 'stretch' });
  for (let step = 0; step < steps; step += 1) {
    const row = indices[step] as number;
    for (let index = 0; index < dim; index += 1)
      data[step * dim + index] = array.data[row * dim + index] as number;
  }
  for (const value of data) {
    if (!Number.isFinite(value)) {
      throw new R1kitError({
        code: 'NUMERIC_ERROR',
        message: `loadOvMer: ${file} contains NaN or infinite values; re-extract the features.`,
      });
    }
  }
  return { data, dim };
}

/**
 * Loads OV-MER-style data from a directory: labels from `label.csv` (`name,openset`),
 * subtitles from `subtitle.csv`, optional descriptions, and per-sample audio and face features
 * from `<folder>/<name>.npy`, resampled to a fixed number of steps.
 *
 * @param directory - The data directory.
 * @param options - See {@link LoadOvMerOptions}.
 * @returns The samples in label-file order (no `cues`).
 * @throws R1kitError `NOT_FOUND` listing missing files (the label CSV, or up to five missing
 *   feature files and how many more), `PARSE_ERROR` with `file:line` for bad CSV rows (empty
 *   name, duplicate name, empty label list, an unbalanced quote or a quote inside a field) and for
 *   a label CSV without sample rows, `SHAPE_MISMATCH` for features whose width differs
 *   between samples.
 * @example
 * ```ts no-run
 * import { loadOvMer } from '@r1kit/datasets';
 * const samples = await loadOvMer('data/ovmer', { steps: 8 });
 * ```
 * @category OV-MER
 */
export async function loadOvMer(
  directory: string,
  options: LoadOvMerOptions = {},
): Promise<MerSample[]> {
  const steps = options.steps ?? 8;
  const readNpy = options.readNpy ?? parseNpy;
  const path = nodePath();
  const labelFile = path.join(directory, options.labelFile ?? 'label.csv');
  const labelText = await readText(labelFile, 'label CSV');
  if (labelText === undefined) {
    throw new R1kitError({
      code: 'NOT_FOUND',
      message: `loadOvMer: the label CSV ${labelFile} does not exist; put a name,openset CSV there or pass --data to the right directory.`,
    });
  }
  const labels = readTable(labelText, labelFile);
  if (labels.rows.length === 0) {
    throw new R1kitError({
      code: 'PARSE_ERROR',
      message: `loadOvMer: ${labelFile}:1: a header but no sample rows; add one name,openset row per sample.`,
    });
  }
  const nameColumn = column(labels.header, ['name'], labelFile);
  const labelColumn = column(labels.header, ['openset', 'ovlabel'], labelFile);
  const seen = new Set<string>();
  const entries = labels.rows.map(({ line, cells }) => {
    const name = (cells[nameColumn] as string).trim();
    const list = normalizeLabels(cells[labelColumn] as string);
    const problem =
      name === ''
        ? 'empty name'
        : seen.has(name)
          ? `duplicate name ${JSON.stringify(name)}`
          : list.length === 0
            ? 'empty openset label list'
            : list.some((label) => /[[\]"]/.test(label))
              ? `malformed openset label list ${JSON.stringify(cells[labelColumn])} (stray brackets or quotes)`
              : undefined;
    if (problem !== undefined) {
      throw new R1kitError({
        code: 'PARSE_ERROR',
        message: `${labelFile}:${line}: ${problem}; fix or remove the row.`,
      });
    }
    seen.add(name);
    return { name, labels: list };
  });
  const byName = async (file: string, names: string[]): Promise<Map<string, string>> => {
    const text = await readText(file, 'CSV');
    const out = new Map<string, string>();
    if (text === undefined) return out;
    const table = readTable(text, file);
    const key = column(table.header, ['name'], file);
    const value = column(table.header, names, file);
    for (const { cells } of table.rows)
      out.set((cells[key] as string).trim(), (cells[value] as string).trim());
    return out;
  };
  const subtitles = await byName(path.join(directory, options.subtitleFile ?? 'subtitle.csv'), [
    'english',
    'subtitle',
  ]);
  const descriptions = await byName(
    path.join(directory, options.descriptionFile ?? 'description.csv'),
    ['reason', 'description'],
  );
  const audioFolder = path.join(directory, options.audioFolder ?? 'audio');
  const videoFolder = path.join(directory, options.videoFolder ?? 'face');
  const missing: string[] = [];
  const read = async (file: string) => {
    try {
      return new Uint8Array(await nodeFs().readFile(file));
    } catch {
      missing.push(file);
      return undefined;
    }
  };
  const raw = await Promise.all(
    entries.map(async (entry) => ({
      entry,
      audio: await read(path.join(audioFolder, `${entry.name}.npy`)),
      video: await read(path.join(videoFolder, `${entry.name}.npy`)),
    })),
  );
  if (missing.length > 0) {
    const shown = missing.slice(0, 5).join(', ');
    throw new R1kitError({
      code: 'NOT_FOUND',
      message: `loadOvMer: ${missing.length} feature file(s) are missing: ${shown}${missing.length > 5 ? `, and ${missing.length - 5} more` : ''}; extract features for these samples or remove them from the label CSV.`,
    });
  }
  const widths = { audio: -1, video: -1 };
  return raw.map(({ entry, audio, video }) => {
    const decode = (bytes: Uint8Array, kind: 'audio' | 'video', folder: string) => {
      const file = path.join(folder, `${entry.name}.npy`);
      let array: DecodedArray;
      try {
        array = readNpy(bytes) as DecodedArray;
      } catch (error) {
        throw new R1kitError({
          code: 'PARSE_ERROR',
          message: `loadOvMer: ${file} is not a valid .npy file: ${(error as Error).message}`,
          cause: error,
        });
      }
      if (array.data.length > 0 && typeof array.data[0] !== 'number') {
        throw new R1kitError({
          code: 'PARSE_ERROR',
          message: `loadOvMer: ${file} holds strings; expected a numeric feature array.`,
        });
      }
      const result = resample(array as DecodedArray & { data: ArrayLike<number> }, steps, file);
      if (widths[kind] >= 0 && widths[kind] !== result.dim) {
        throw new R1kitError({
          code: 'SHAPE_MISMATCH',
          message: `loadOvMer: ${file} has ${result.dim} features per step but earlier ${kind} files have ${widths[kind]}; use one feature extractor for all samples.`,
        });
      }
      widths[kind] = result.dim;
      return result;
    };
    const audioFeatures = decode(audio as Uint8Array, 'audio', audioFolder);
    const videoFeatures = decode(video as Uint8Array, 'video', videoFolder);
    return {
      name: entry.name,
      audio: audioFeatures.data,
      video: videoFeatures.data,
      audioShape: [steps, audioFeatures.dim] as const,
      videoShape: [steps, videoFeatures.dim] as const,
      subtitle: subtitles.get(entry.name) ?? '',
      description: descriptions.get(entry.name) ?? '',
      labels: entry.labels,
      cues: [],
    };
  });
}
