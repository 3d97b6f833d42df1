/**
 * The package's own emotion wheels, written for r1kit from public descriptions of standard
 * models of emotion (the Geneva and Atlas wheels are in `gew-atlas-wheels-data.ts`). They are
 * not the official OV-MER wheels, and scores computed with them are not comparable to paper
 * numbers. Layout: core word -> middle-ring word -> outer-ring words.
 */

/** A wheel as nested data: core word, then middle-ring word, then outer-ring words. */
export type WheelData = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

/**
 * A feeling wheel after Gloria Willcox (1982): her six cores and six middle words each; the
 * outer words are this package's own choice of common synonyms.
 */
export const feelingWheel: WheelData = {
  mad: {
    hurt: ['jealous'],
    hostile: ['furious'],
    angry: ['frustrated', 'irritated'],
    selfish: [],
    hateful: ['resentful', 'contemptuous', 'loathing', 'dislike'],
    critical: ['skeptical'],
  },
  scared: {
    rejected: ['inadequate'],
    confused: ['bewildered'],
    helpless: ['discouraged'],
    submissive: ['insignificant'],
    insecure: ['inferior'],
    anxious: ['worried', 'nervous'],
  },
  joyful: {
    excited: ['daring'],
    sensuous: ['fascinated'],
    energetic: ['playful'],
    cheerful: ['amused'],
    creative: ['inspired'],
    hopeful: ['optimistic'],
  },
  powerful: {
    aware: ['confident'],
    proud: ['successful'],
    respected: ['worthwhile'],
    appreciated: ['valued'],
    important: [],
    faithful: ['devoted'],
  },
  peaceful: {
    content: ['satisfied', 'relaxed', 'relieved'],
    thoughtful: ['pensive'],
    intimate: [],
    loving: ['affectionate'],
    trusting: ['secure'],
    nurturing: ['caring'],
  },
  sad: {
    tired: ['sleepy'],
    bored: ['apathetic'],
    lonely: ['isolated'],
    depressed: ['miserable'],
    ashamed: ['embarrassed'],
    guilty: ['remorseful', 'regretful'],
  },
};

/**
 * Plutchik's wheel (1980): the eight primary emotions; under each, its mild and intense forms
 * and the primary dyad that follows it around the wheel.
 */
export const plutchikWheel: WheelData = {
  joy: { serenity: [], ecstasy: [], love: [] },
  trust: { acceptance: [], admiration: [], submission: [] },
  fear: { apprehension: [], terror: [], awe: [] },
  surprise: { distraction: [], amazement: [], disapproval: [] },
  sadness: { pensiveness: [], grief: [], remorse: [] },
  disgust: { boredom: [], loathing: [], contempt: [] },
  anger: { annoyance: [], rage: [], aggressiveness: [] },
  anticipation: { interest: [], vigilance: [], optimism: [] },
};

/**
 * Parrott's tree of emotions (2001): six primary, secondary and tertiary emotions. Where a
 * secondary repeats its primary (surprise, sadness) a tertiary word stands in for it, and
 * tertiary words that repeat a higher level are left out.
 */
export const parrottWheel: WheelData = {
  love: {
    affection: [
      'adoration',
      'fondness',
      'liking',
      'attraction',
      'caring',
      'tenderness',
      'compassion',
      'sentimentality',
    ],
    lust: ['arousal', 'desire', 'passion', 'infatuation'],
    longing: [],
  },
  joy: {
    cheerfulness: [
      'amusement',
      'bliss',
      'gaiety',
      'glee',
      'jolliness',
      'joviality',
      'delight',
      'enjoyment',
      'gladness',
      'happiness',
      'jubilation',
      'elation',
      'satisfaction',
      'ecstasy',
      'euphoria',
    ],
    zest: ['enthusiasm', 'zeal', 'excitement', 'thrill', 'exhilaration'],
    contentment: ['pleasure'],
    pride: ['triumph'],
    optimism: ['eagerness', 'hope'],
    enthrallment: ['rapture'],
    relief: [],
  },
  surprise: { amazement: ['astonishment'] },
  anger: {
    irritation: ['aggravation', 'agitation', 'annoyance', 'grouchiness', 'grumpiness'],
    exasperation: ['frustration'],
    rage: [
      'outrage',
      'fury',
      'wrath',
      'hostility',
      'ferocity',
      'bitterness',
      'hate',
      'loathing',
      'scorn',
      'spite',
      'vengefulness',
      'dislike',
      'resentment',
    ],
    disgust: ['revulsion', 'contempt'],
    envy: ['jealousy'],
    torment: [],
  },
  sadness: {
    suffering: ['agony', 'hurt', 'anguish'],
    sorrow: [
      'depression',
      'despair',
      'hopelessness',
      'gloom',
      'glumness',
      'unhappiness',
      'grief',
      'woe',
      'misery',
      'melancholy',
    ],
    disappointment: ['dismay', 'displeasure'],
    shame: ['guilt', 'regret', 'remorse'],
    neglect: [
      'alienation',
      'isolation',
      'loneliness',
      'rejection',
      'homesickness',
      'defeat',
      'dejection',
      'insecurity',
      'embarrassment',
      'humiliation',
      'insult',
    ],
    sympathy: ['pity'],
  },
  fear: {
    horror: ['alarm', 'shock', 'fright', 'terror', 'panic', 'hysteria', 'mortification'],
    nervousness: [
      'anxiety',
      'tenseness',
      'uneasiness',
      'apprehension',
      'worry',
      'distress',
      'dread',
    ],
  },
};
