/**
 * One emotion of the synthetic task: its core name, the open-vocabulary surface forms that
 * annotators use for it (synonyms and word forms that the emotion-wheel metric folds together),
 * and the phrases that describe its cues.
 *
 * @category Data
 */
export interface EmotionConcept {
  /** Core (wheel level-1 style) name, e.g. `happy`. */
  readonly core: string;
  /** Surface labels (synonyms and word forms) that all map to `core` on the emotion wheels. */
  readonly labels: readonly string[];
  /** How the voice sounds when this emotion is in the audio. */
  readonly voice: readonly string[];
  /** How the face looks when this emotion is in the video. */
  readonly face: readonly string[];
  /** Subtitle lines that express this emotion in words. */
  readonly lines: readonly string[];
}

/**
 * The six emotions of the built-in synthetic OV-MER-like task. Every label is a word of the
 * official emotion-wheel vocabulary (or one of its word forms), so the same data can be scored
 * with the built-in wheels or with the official files.
 *
 * @category Data
 */
export const emotionConcepts: readonly EmotionConcept[] = [
  {
    core: 'happy',
    labels: ['happy', 'happiness', 'joyful', 'joy', 'cheerful', 'delighted', 'pleased'],
    voice: ['bright', 'lively'],
    face: ['smiling', 'beaming'],
    lines: ['we finally did it', 'this is the best day'],
  },
  {
    core: 'sad',
    labels: ['sad', 'sadness', 'sorrowful', 'unhappy', 'depressed', 'gloomy'],
    voice: ['low', 'slow'],
    face: ['teary', 'downcast'],
    lines: ['i miss her so much', 'nothing matters now'],
  },
  {
    core: 'angry',
    labels: ['angry', 'anger', 'mad', 'furious', 'irritated', 'annoyed'],
    voice: ['loud', 'harsh'],
    face: ['frowning', 'glaring'],
    lines: ['get out of here', 'how dare you'],
  },
  {
    core: 'fearful',
    labels: ['fearful', 'fear', 'scared', 'afraid', 'frightened', 'nervous'],
    voice: ['shaky', 'trembling'],
    face: ['pale', 'wide-eyed'],
    lines: ['someone is outside', 'please do not hurt me'],
  },
  {
    core: 'surprised',
    labels: ['surprised', 'astonished', 'amazed', 'shocked', 'startled'],
    voice: ['gasping', 'rising'],
    face: ['open-mouthed', 'raised-brow'],
    lines: ['wait what', 'i did not expect that'],
  },
  {
    core: 'disgusted',
    labels: ['disgusted', 'disgust', 'repulsed', 'revolted'],
    voice: ['scoffing', 'groaning'],
    face: ['sneering', 'wrinkled-nose'],
    lines: ['that smells awful', 'how gross is this'],
  },
];

/** Subtitle lines that carry no emotion. @category Data */
export const neutralLines: readonly string[] = [
  'we talked about it yesterday',
  'the meeting starts at noon',
  'he said he would call',
];
