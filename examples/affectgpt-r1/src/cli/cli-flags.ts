/**
 * One command-line flag: its name, value kind, help line and the value placeholder.
 *
 * @category CLI
 */
export interface CliFlag {
  /** Long name without dashes. */
  readonly name: string;
  /** `string` flags take a value; `boolean` flags do not. */
  readonly type: 'string' | 'boolean';
  /** Placeholder shown in `--help`, e.g. `N`. */
  readonly value?: string;
  /** One help line (mentions the default). */
  readonly help: string;
}

/**
 * Every flag of `npm start`, in `--help` order. Flags that are not given fall back to the
 * preset's value.
 *
 * @category CLI
 */
export const cliFlags: readonly CliFlag[] = [
  { name: 'help', type: 'boolean', help: 'print this help and exit' },
  {
    name: 'preset',
    type: 'string',
    value: 'NAME',
    help: 'micro | tiny | small | paper (default tiny)',
  },
  {
    name: 'seed',
    type: 'string',
    value: 'N',
    help: 'seed of data, init, sampling and order (default 1)',
  },
  {
    name: 'out',
    type: 'string',
    value: 'DIR',
    help: 'run directory (default runs/<preset>-seed<N>[-nothink])',
  },
  {
    name: 'data',
    type: 'string',
    value: 'DIR',
    help: 'OV-MER-style data directory (default: built-in synthetic data)',
  },
  {
    name: 'model',
    type: 'string',
    value: 'DIR',
    help: 'pretrained HF model directory (config.json, safetensors, tokenizer.json); sizes come from it',
  },
  {
    name: 'soft-token',
    type: 'string',
    value: 'TOKEN',
    help: 'with --model: added token used as soft-token placeholder (default <|video_pad|>, <|image_pad|>, ...)',
  },
  {
    name: 'ew-resources',
    type: 'string',
    value: 'DIR',
    help: 'official emotion-wheel files (default: built-in wheels)',
  },
  { name: 'no-think', type: 'boolean', help: 'train and answer without the <think> section' },
  {
    name: 'accuracy-weight',
    type: 'string',
    value: 'W',
    help: 'weight of the EW accuracy reward (default 1)',
  },
  {
    name: 'format-weight',
    type: 'string',
    value: 'W',
    help: 'weight of the format reward (default 0.2)',
  },
  {
    name: 'dual-reward',
    type: 'string',
    value: 'W',
    help: 'weight of the dual reward, think vs truth (default 0 = off)',
  },
  {
    name: 'alignment-reward',
    type: 'string',
    value: 'W',
    help: 'weight of the alignment reward, think vs answer (default 0 = off)',
  },
  {
    name: 'length-penalty',
    type: 'string',
    value: 'P',
    help: 'none | p1 | p2 | p3 on the accuracy/dual reward (default p3)',
  },
  { name: 'sft-steps', type: 'string', value: 'N', help: 'cold-start SFT steps (default: preset)' },
  { name: 'grpo-steps', type: 'string', value: 'N', help: 'GRPO steps (default: preset)' },
  {
    name: 'num-generations',
    type: 'string',
    value: 'N',
    help: 'completions per prompt (default: preset)',
  },
  {
    name: 'learning-rate',
    type: 'string',
    value: 'LR',
    help: 'GRPO learning rate (default: preset)',
  },
  { name: 'beta', type: 'string', value: 'B', help: 'KL coefficient to the SFT model (default 0)' },
  {
    name: 'temperature',
    type: 'string',
    value: 'T',
    help: 'sampling temperature for rollouts and evaluation (default 1)',
  },
  {
    name: 'top-p',
    type: 'string',
    value: 'P',
    help: 'nucleus mass for rollouts and evaluation (default 0.9)',
  },
  {
    name: 'max-completion-length',
    type: 'string',
    value: 'N',
    help: 'longest completion in tokens, rollouts and evaluation (default: preset)',
  },
  {
    name: 'eval-samples',
    type: 'string',
    value: 'N',
    help: 'test samples evaluated before/after GRPO, 0 = all (default: preset)',
  },
  { name: 'hidden-size', type: 'string', value: 'N', help: 'model width (default: preset)' },
  { name: 'layers', type: 'string', value: 'N', help: 'decoder layers (default: preset)' },
  {
    name: 'lora-rank',
    type: 'string',
    value: 'R',
    help: 'LoRA rank, 0 = full fine-tuning (default: preset; paper 16)',
  },
  {
    name: 'dataset-size',
    type: 'string',
    value: 'N',
    help: 'synthetic samples over all splits (default: preset)',
  },
  { name: 'resume', type: 'boolean', help: "continue from the run directory's last checkpoint" },
  {
    name: 'backend',
    type: 'string',
    value: 'NAME',
    help: 'auto | tensorflow | wasm | cpu (default auto: the fastest installed)',
  },
  {
    name: 'memory-limit-mb',
    type: 'string',
    value: 'MB',
    help: 'refuse configs estimated above this (default: half of RAM)',
  },
];

/**
 * The `--help` text, built from {@link cliFlags}.
 *
 * @returns Usage lines ready to print.
 * @example
 * ```ts
 * console.log(helpText());
 * ```
 * @category CLI
 */
export function helpText(): string {
  const rows = cliFlags.map((flag) => [
    `--${flag.name}${flag.value ? ` ${flag.value}` : ''}`,
    flag.help,
  ]);
  const width = Math.max(...rows.map(([left]) => (left as string).length)) + 2;
  return [
    'Usage: npm start -- [flags]',
    '',
    'Trains AffectGPT-R1 end to end: SFT cold start, then GRPO on the emotion-wheel reward,',
    'and writes runs/<name>/report.md with the before/after EW F/P/R table and plots.',
    '',
    ...rows.map(([left, right]) => `  ${(left as string).padEnd(width)}${right}`),
  ].join('\n');
}
