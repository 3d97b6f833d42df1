/**
 * A deterministic mixed-script corpus for exactness tests and benchmarks: English prose with
 * contractions, Chinese, other scripts, emoji and astral characters, code, digits, and runs of
 * spaces, tabs and newlines.
 */
import { RandomGenerator } from '@r1kit/core';

const english = (
  'the of and to in is was he she it that for on with as his her they be at by this had not are ' +
  'but from or have an were which one you all there their what so up out if about who get would ' +
  'make like time just him know take people into year your good some could them see other than ' +
  'then now look only come its over think also back after use two how our work first well way ' +
  'even new want because any these give day most us emotion happy sad angry surprised worried ' +
  'calm voice face video audio character expression tone smile frown tears laughter Internationalization ' +
  'The She He They We It John Mary London OpenAI GPU TensorFlow USA NASA McDonald naïve café résumé'
).split(' ');
const contractions = [
  "I'm",
  "don't",
  "can't",
  "won't",
  "we'll",
  "they've",
  "he'd",
  "it's",
  "she's",
  "you're",
  "DON'T",
  "I'LL",
  "WE'RE",
  "O'Neil",
  "rock'n'roll",
  "'twas",
  "y'all",
  "isn't",
  "John's",
];
const chinese =
  '的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会家可下而过天去能对小多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些所同日手又行意动方期它头经长儿回位分爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与活正感见明问力理尔点文几定本公特做外孩相西果走将月十实向声车全信重三机工物气每并别真打太新比才便夫再书部水像眼等体却加电主界门利海受听表德少克代员许稜先口由死安写性马光白或住难望教命花结乐色更拉东神记处让母父应直字场平报友关放至张认接告入笑内英军候民岁往何度山觉路带万男边风解叫任金快原吃妈变通师立象数四失满战远格士音轻目条呢病始达深完今提求清王化空业思切怎非找片罗钱紶吗语元喜曾离飞科言干流欢约各即指合反题必该论交终林请医晚制球决窢传画保读运及则房早院量苦火布品近坐产答星精视五连司巴奇管类未朋且婚台夜青北队久乎越观落尽形影红爸百令周吧识步希亚术留市半热送兴造谈容极随演收首根讲整式取照办强石古华諣拿计您装似足双妻尼转诉米称丽客南领节衣站黑刻统断福城故历惊脸选包紧争另建维绝树系伤示愿持千史谁准联妇纪基买志静阿诗独复痛消社算';
const other = [
  'Привет, как дела? Всё хорошо.',
  'こんにちは、世界。カタカナとひらがな。',
  '안녕하세요 세계',
  'مرحبا بالعالم',
  'שלום עולם',
  'Γειά σου Κόσμε',
  'नमस्ते दुनिया',
  'สวัสดีชาวโลก',
  'Ünïcödé façade coöperate ŉ ǅ ﬁ ﬀ',
  'e\u0301 a\u0308 n\u0303 (combining marks)',
  '\u00a0nbsp\u2003em\u3000ideographic',
  'NEL\u0085\u0085line BOM\ufeff x\u2028y \u200b zero-width',
];
const emoji = [
  '😀',
  '😂',
  '🥲',
  '👍🏽',
  '👨‍👩‍👧‍👦',
  '🏳️‍🌈',
  '🇨🇳',
  '🇺🇸',
  '❤️',
  '🤔',
  '🎉',
  '🧠',
  '😡',
  '😢',
  '𝒳',
  '𝔘𝔫𝔦',
  '𠀀𠀁',
  '𓀀',
  '🀄',
  '\u{1F9EA}',
  '♥',
  '✓',
];
const code = [
  'function add(a, b) {\n  return a + b;\n}\n',
  'for (let i = 0; i < n; i++) {\n\tsum += xs[i] * 2;\n}\n',
  'def train(model, data, lr=3e-4):\n    for step, batch in enumerate(data):\n        loss = model(batch)\n',
  '#include <stdio.h>\nint main(void) { printf("%d\\n", 42); return 0; }\n',
  'const re = /^[a-z_]+\\d{2,}$/gu; // regex\n',
  '{"key": [1, 2.5, -3e10], "nested": {"ok": true, "s": "a\\"b"}}\n',
  'SELECT id, name FROM users WHERE age >= 18 ORDER BY name;\n',
  '<div class="x">&nbsp;<b>bold</b></div>\n',
];
const whitespace = [
  '  ',
  '   ',
  '\t',
  '\t\t',
  '\n',
  '\n\n',
  '\r\n',
  ' \n ',
  '    \n\n\n',
  ' \t \n',
  '        ',
];

/** Options for {@link buildCorpus}. */
export interface CorpusOptions {
  /** Minimum total size in UTF-8 bytes. */
  bytes: number;
  /** PRNG seed. */
  seed?: number;
}

/**
 * Builds paragraphs of varied text until their total UTF-8 size reaches `options.bytes`.
 *
 * @returns The paragraphs (each a few hundred bytes).
 */
export function buildCorpus(options: CorpusOptions): string[] {
  const random = RandomGenerator.fromSeed(options.seed ?? 1);
  const next = () => random.nextFloat();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const number = () => {
    const kind = Math.floor(next() * 4);
    if (kind === 0) return String(Math.floor(next() * 10 ** (1 + Math.floor(next() * 12))));
    if (kind === 1) return (next() * 1000).toFixed(Math.floor(next() * 5));
    if (kind === 2)
      return `${Math.floor(next() * 2030)}-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}`;
    return `${Math.floor(next() * 100)}%`;
  };
  const englishSentence = () => {
    const words: string[] = [];
    const length = 4 + Math.floor(next() * 14);
    for (let index = 0; index < length; index++) {
      const roll = next();
      words.push(roll < 0.12 ? pick(contractions) : roll < 0.18 ? number() : pick(english));
    }
    const text = words.join(next() < 0.9 ? ' ' : '  ');
    return `${text[0]!.toUpperCase()}${text.slice(1)}${pick(['.', '!', '?', '...', ',', ';', ':', ' --'])}`;
  };
  const chineseSentence = () => {
    let text = '';
    const length = 5 + Math.floor(next() * 30);
    for (let index = 0; index < length; index++) {
      text += chinese[Math.floor(next() * chinese.length)];
      if (next() < 0.08) text += pick(['，', '、', '：', '“', '”', '（', '）']);
      if (next() < 0.03) text += pick(emoji);
      if (next() < 0.03) text += number();
    }
    return text + pick(['。', '！', '？', '……', '.']);
  };
  const encoder = new TextEncoder();
  const paragraphs: string[] = [];
  let total = 0;
  while (total < options.bytes) {
    let paragraph = '';
    const parts = 2 + Math.floor(next() * 8);
    for (let index = 0; index < parts; index++) {
      const roll = next();
      if (roll < 0.35) paragraph += englishSentence();
      else if (roll < 0.6) paragraph += chineseSentence();
      else if (roll < 0.7) paragraph += pick(other);
      else if (roll < 0.8) paragraph += pick(emoji) + pick(emoji);
      else if (roll < 0.9) paragraph += pick(code);
      else paragraph += number();
      paragraph += next() < 0.7 ? ' ' : pick(whitespace);
    }
    paragraph += pick(['\n', '\n\n', '', ' ', '\t\n']);
    paragraphs.push(paragraph);
    total += encoder.encode(paragraph).length;
  }
  return paragraphs;
}
