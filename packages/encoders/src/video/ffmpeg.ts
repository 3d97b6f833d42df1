import { nodeBuiltin, R1kitError } from '@r1kit/core';

const nodeChildProcess = () =>
  nodeBuiltin({ module: 'child_process', functionName: 'decodeFramesWithFfmpeg' });
const nodeFs = () => nodeBuiltin({ module: 'fs', functionName: 'decodeFramesWithFfmpeg' });

/**
 * Whether `ffmpeg` and `ffprobe` can be run from the PATH.
 *
 * @returns `true` when both answer `-version`.
 *
 * @example
 * ```ts
 * import { isFfmpegAvailable } from '@r1kit/encoders';
 * if (!isFfmpegAvailable()) console.log('install ffmpeg to decode media files');
 * ```
 *
 * @category Video
 */
export function isFfmpegAvailable(): boolean {
  return ['ffmpeg', 'ffprobe'].every(
    (tool) => nodeChildProcess().spawnSync(tool, ['-version'], { stdio: 'ignore' }).status === 0,
  );
}

/**
 * Runs a tool and collects its standard output.
 *
 * @internal
 */
export function runTool(tool: string, args: string[], functionName: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const child = nodeChildProcess().spawn(tool, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    child.on('error', (cause) =>
      reject(
        new R1kitError({
          code: 'UNSUPPORTED',
          message: `${functionName}: could not run ${tool}; install ffmpeg (which provides ffmpeg and ffprobe) and put it on the PATH`,
          cause,
        }),
      ),
    );
    child.on('close', (code) => {
      if (code === 0) resolve(new Uint8Array(Buffer.concat(chunks)));
      else
        reject(
          new R1kitError({
            code: 'IO_ERROR',
            message: `${functionName}: ${tool} exited with code ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`,
          }),
        );
    });
  });
}

/**
 * Runs `ffmpeg -nostdin -v error -i <path> <outputArgs> -` and collects the stream it writes to
 * standard output.
 *
 * @internal
 */
export function runFfmpeg(
  path: string,
  outputArgs: string[],
  functionName: string,
): Promise<Uint8Array> {
  return runTool(
    'ffmpeg',
    ['-nostdin', '-v', 'error', '-i', path, ...outputArgs, '-'],
    functionName,
  );
}

/**
 * Throws `NOT_FOUND` unless the file exists.
 *
 * @internal
 */
export function requireFile(path: string, functionName: string): void {
  if (!nodeFs().existsSync(path))
    throw new R1kitError({
      code: 'NOT_FOUND',
      message: `${functionName}: the media file ${path} does not exist`,
    });
}

/**
 * Options for {@link decodeAudioWithFfmpeg}.
 *
 * @category Video
 */
export interface DecodeAudioOptions {
  /**
   * Output sample rate (ffmpeg resamples).
   *
   * @defaultValue `16000`
   */
  sampleRate?: number;
}

/**
 * Decodes the first audio stream of any media file ffmpeg reads into mono float samples.
 *
 * @param path - The media file.
 * @param options - The output sample rate.
 * @returns Mono samples at `sampleRate`.
 * @throws R1kitError `UNSUPPORTED` when ffmpeg is missing, `NOT_FOUND`, `IO_ERROR`.
 *
 * @example
 * ```ts no-run
 * import { clipAudio, decodeAudioWithFfmpeg } from '@r1kit/encoders';

 * const clips = clipAudio(await decodeAudioWithFfmpeg('sample.mp4'));
 * ```
 *
 * @category Video
 */
export async function decodeAudioWithFfmpeg(
  path: string,
  options: DecodeAudioOptions = {},
): Promise<Float32Array> {
  requireFile(path, 'decodeAudioWithFfmpeg');
  const rate = options.sampleRate ?? 16000;
  const bytes = await runFfmpeg(
    path,
    ['-vn', '-ac', '1', '-ar', String(rate), '-f', 'f32le'],
    'decodeAudioWithFfmpeg',
  );
  const copy = bytes.slice(0, bytes.length - (bytes.length % 4));
  return new Float32Array(copy.buffer, copy.byteOffset, copy.length / 4);
}
