import { invalidArgument, RandomGenerator } from '@r1kit/core';
import type { CueModality, EmotionCue, MerSample, MerSplits } from '../mer-sample.js';
import { splitSamples } from '../split-samples.js';
import { type EmotionConcept, emotionConcepts, neutralLines } from './emotion-concepts.js';

/**
 * Options of {@link generateSyntheticDataset}.
 *
 * @category Data
 */
export interface SyntheticDatasetOptions {
  /** Seed; equal seeds give identical datasets. @defaultValue 0 */
  seed?: number;
  /** Total number of samples before splitting. @defaultValue 600 */
  size?: number;
  /** Audio clips per sample. @defaultValue 8 */
  audioClips?: number;
  /** Audio feature width. @defaultValue 16 */
  audioDim?: number;
  /** Video frames per sample. @defaultValue 8 */
  videoFrames?: number;
  /** Video (face) feature width. @defaultValue 16 */
  videoDim?: number;
  /** Cue strength relative to unit feature noise. @defaultValue 3 */
  cueStrength?: number;
  /** Probability that the subtitle names a wrong emotion (misleading words). @defaultValue 0.2 */
  misleadingRate?: number;
  /**
   * Probability that the annotators add one spurious label: a synonym of an emotion that no
   * modality shows (annotation noise; nothing in the sample predicts it). @defaultValue 0.3
   */
  spuriousRate?: number;
  /** Fractions of validation and test samples. @defaultValue `{ validation: 0.1, test: 0.2 }` */
  fractions?: { validation: number; test: number };
}

const modalities: readonly CueModality[] = ['audio', 'face', 'both', 'subtitle'];

/** One element of a non-empty array, uniformly (one `nextInt` draw). */
function pick<T>(random: RandomGenerator, items: readonly T[]): T {
  return items[random.nextInt(items.length)] as T;
}

function prototypes(random: RandomGenerator, dim: number): Float32Array[] {
  return emotionConcepts.map(() => {
    const vector = new Float32Array(dim);
    let norm = 0;
    for (let index = 0; index < dim; index += 1) {
      vector[index] = random.nextNormal();
      norm += (vector[index] as number) ** 2;
    }
    const scale = Math.sqrt(dim) / Math.sqrt(norm);
    return vector.map((value) => value * scale);
  });
}

function features(
  random: RandomGenerator,
  steps: number,
  dim: number,
  cues: readonly Float32Array[],
  strength: number,
): Float32Array {
  const out = new Float32Array(steps * dim);
  for (let index = 0; index < out.length; index += 1) out[index] = random.nextNormal();
  for (const cue of cues) {
    const span = 4 + random.nextInt(steps - 3);
    const start = random.nextInt(steps - Math.min(span, steps) + 1);
    for (let step = start; step < Math.min(steps, start + span); step += 1) {
      for (let index = 0; index < dim; index += 1) {
        out[step * dim + index] =
          (out[step * dim + index] as number) + 0.5 * strength * (cue[index] as number);
      }
    }
  }
  return out;
}

function labelsFor(random: RandomGenerator, concept: EmotionConcept): string[] {
  const count = 1 + random.nextInt(3);
  return random.shuffle(concept.labels).slice(0, count);
}

/**
 * Generates the built-in synthetic OV-MER-like dataset. Each sample has one or two emotions;
 * each emotion's cue lives in the audio only, the face only, both, or only the subtitle, so no
 * single modality suffices; the subtitle is sometimes misleading (it names an absent emotion);
 * the label set uses one to three random synonyms or word forms per emotion, which token-level
 * SFT treats as different targets and the emotion-wheel metric treats as one; and with
 * `spuriousRate` the annotators add a label of an emotion nothing shows, which SFT learns to
 * imitate at random and an EW reward learns to drop.
 *
 * @param options - See {@link SyntheticDatasetOptions}.
 * @returns Train, validation and test splits (disjoint by name).
 * @example
 * ```ts
 * import { generateSyntheticDataset } from '@r1kit/datasets';
 * const { train, test } = generateSyntheticDataset({ seed: 1, size: 200 });
 * console.log(train[0].subtitle, train[0].labels);
 * ```
 * @category Data
 */
export function generateSyntheticDataset(options: SyntheticDatasetOptions = {}): MerSplits {
  const size = options.size ?? 600;
  const audioClips = options.audioClips ?? 8;
  const videoFrames = options.videoFrames ?? 8;
  for (const [argument, value] of Object.entries({ size, audioClips, videoFrames })) {
    if (!Number.isInteger(value) || value < 4) {
      throw invalidArgument({
        functionName: 'generateSyntheticDataset',
        argument,
        received: value,
        expected: 'an integer >= 4',
      });
    }
  }
  const audioDim = options.audioDim ?? 16;
  const videoDim = options.videoDim ?? 16;
  const strength = options.cueStrength ?? 3;
  const misleadingRate = options.misleadingRate ?? 0.2;
  const spuriousRate = options.spuriousRate ?? 0.3;
  const random = RandomGenerator.fromSeed(options.seed ?? 0);
  const audioPrototypes = prototypes(random, audioDim);
  const facePrototypes = prototypes(random, videoDim);
  const samples: MerSample[] = [];
  for (let index = 0; index < size; index += 1) {
    const count = random.nextFloat() < 0.7 ? 1 : 2;
    const chosen = random.shuffle(emotionConcepts.map((_, conceptIndex) => conceptIndex));
    const present = chosen.slice(0, count);
    const cues: EmotionCue[] = present.map((conceptIndex) => ({
      emotion: emotionConcepts[conceptIndex]?.core as string,
      modality: pick(random, modalities),
    }));
    const inAudio = present.filter((_, cueIndex) =>
      ['audio', 'both'].includes(cues[cueIndex]?.modality as string),
    );
    const inFace = present.filter((_, cueIndex) =>
      ['face', 'both'].includes(cues[cueIndex]?.modality as string),
    );
    const inWords = present.filter((_, cueIndex) => cues[cueIndex]?.modality === 'subtitle');
    const absent = chosen[count] as number;
    const misleading = inWords.length === 0 && random.nextFloat() < misleadingRate;
    const concept = (conceptIndex: number) => emotionConcepts[conceptIndex] as EmotionConcept;
    const subtitle =
      inWords.length > 0
        ? pick(random, concept(inWords[0] as number).lines)
        : misleading
          ? pick(random, concept(absent).lines)
          : pick(random, neutralLines);
    const parts: string[] = [];
    for (const conceptIndex of inAudio)
      parts.push(
        `${pick(random, concept(conceptIndex).voice)} voice, ${concept(conceptIndex).core}`,
      );
    for (const conceptIndex of inFace)
      parts.push(`${pick(random, concept(conceptIndex).face)} face, ${concept(conceptIndex).core}`);
    for (const conceptIndex of inWords) parts.push(`words say ${concept(conceptIndex).core}`);
    if (misleading) parts.push('words mislead');
    samples.push({
      name: `sample_${String(index).padStart(5, '0')}`,
      audio: features(
        random,
        audioClips,
        audioDim,
        inAudio.map((i) => audioPrototypes[i] as Float32Array),
        strength,
      ),
      video: features(
        random,
        videoFrames,
        videoDim,
        inFace.map((i) => facePrototypes[i] as Float32Array),
        strength,
      ),
      audioShape: [audioClips, audioDim],
      videoShape: [videoFrames, videoDim],
      subtitle,
      description: parts.join('; '),
      labels: [
        ...present.flatMap((conceptIndex) => labelsFor(random, concept(conceptIndex))),
        ...(random.nextFloat() < spuriousRate
          ? [pick(random, concept(chosen[count + 1] as number).labels)]
          : []),
      ],
      cues,
    });
  }
  return splitSamples(samples, { seed: (options.seed ?? 0) + 1, ...options.fractions });
}
