import type { WheelData } from './builtin-wheels-data.js';

/**
 * A wheel after Scherer's Geneva Emotion Wheel (GEW 2.0: 20 emotion families on a circle whose
 * axes are valence and control/power). Level 1 is the quadrant (named by this package), level 2
 * the emotion family, level 3 this package's own choice of words for the family. The compassion
 * family is named `pity` here, because `compassion` is grouped with `love` in the lexicon.
 * Surprise, hope and other words outside the 20 families have no class in this wheel.
 */
export const genevaWheel: WheelData = {
  'positive-high-control': {
    interest: ['curiosity', 'enthusiasm', 'excitement'],
    amusement: ['humor', 'playfulness'],
    pride: ['triumph', 'confidence'],
    joy: ['happiness', 'elation', 'ecstasy'],
    pleasure: [],
  },
  'positive-low-control': {
    contentment: ['satisfaction', 'calm', 'serenity'],
    love: ['affection', 'tenderness', 'caring', 'desire', 'intimacy'],
    admiration: ['awe'],
    relief: [],
    pity: ['sympathy', 'empathy'],
  },
  'negative-low-control': {
    sadness: ['sorrow', 'grief', 'despair', 'misery', 'anguish', 'loneliness', 'helplessness'],
    guilt: ['remorse'],
    regret: [],
    shame: ['embarrassment', 'humiliation', 'mortification', 'inferiority'],
    disappointment: ['dissatisfaction', 'discouragement'],
  },
  'negative-high-control': {
    fear: ['terror', 'panic', 'horror', 'anxiety', 'worry'],
    disgust: [
      'revulsion',
      'loathing',
      'dislike',
      'aversion',
      'distaste',
      'repugnance',
      'abhorrence',
    ],
    contempt: ['scorn', 'disapproval'],
    hate: ['hostility'],
    anger: ['irritation', 'fury', 'rage', 'frustration', 'resentment', 'argumentativeness'],
  },
};

/**
 * A wheel after Paul and Eve Ekman's Atlas of Emotions: the five continents (anger, fear,
 * disgust, sadness, enjoyment) as level 1, their states as level 2 and 3. Where the lexicon
 * treats two states as synonyms, or a state as a synonym of its continent's name, the state sits
 * at level 3 under the level-2 class that the lookup gives it (a continent name maps to its
 * alphabetically first level-2 child, as in the official code); the two fear level-2 classes,
 * `fright` and `nervousness`, are clusters of states named by this package. Not placed: the
 * states compassion/joy and naches, and emotions the Atlas does not chart (surprise, contempt,
 * hate, love).
 */
export const atlasWheel: WheelData = {
  anger: {
    annoyance: ['exasperation'],
    frustration: [],
    argumentativeness: [],
    bitterness: [],
    vengefulness: [],
    fury: [],
  },
  fear: {
    fright: ['panic', 'horror', 'terror', 'desperation'],
    nervousness: ['trepidation', 'anxiety', 'dread'],
  },
  disgust: {
    dislike: [],
    aversion: [],
    distaste: [],
    repugnance: [],
    abhorrence: ['revulsion'],
    loathing: [],
  },
  sadness: {
    disappointment: [],
    discouragement: [],
    distraughtness: [],
    resignation: [],
    helplessness: [],
    despair: ['hopelessness', 'misery'],
    grief: [],
    anguish: ['sorrow'],
  },
  enjoyment: {
    pleasure: [],
    rejoicing: ['happiness', 'joy'],
    amusement: [],
    schadenfreude: [],
    relief: [],
    peace: ['contentment'],
    pride: ['fiero', 'triumph'],
    wonder: ['awe'],
    excitement: [],
    ecstasy: [],
  },
};
