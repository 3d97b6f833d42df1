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

/** A flag that takes a value, shown as `--name VALUE`. */
function valued(name: string, value: string, help: string): CliFlag {
  return { name, type: 'string', value, help };
}

/** A flag without a value, shown as `--name`. */
function toggle(name: string, help: string): CliFlag {
  return { name, type: 'boolean', help };
}

/**
 * Every flag of `npm start`, in `--help` order. Flags that are not given fall back to the
 * preset's value.
 *
 * @category CLI
 */
export const cliFlags: readonly CliFlag[] = [
  toggle('help', 'print this help and exit'),
  valued('preset', 'NAME', 'micro | tiny | small | paper (default tiny)'),
  valued('seed', 'N', 'seed of data, init, sampling and order (default 1)'),
  valued('out', 'DIR', 'run directory (default runs/<preset>-seed<N>[-nothink])'),
  valued('data', 'DIR', 'OV-MER-style data directory (default: built-in synthetic data)'),
  valued(
    'model',
    'DIR',
    'pretrained HF model directory (config.json, safetensors, tokenizer.json); sizes come from it',
  ),
  valued(
    'soft-token',
    'TOKEN',
    'with --model: added token used as soft-token placeholder (default <|video_pad|>, <|image_pad|>, ...)',
  ),
  valued('ew-resources', 'DIR', 'official emotion-wheel files (default: built-in wheels)'),
  toggle('no-think', 'train and answer without the <think> section'),
  valued('accuracy-weight', 'W', 'weight of the EW accuracy reward (default 1)'),
  valued('format-weight', 'W', 'weight of the format reward (default 0.2)'),
  valued('dual-reward', 'W', 'weight of the dual reward, think vs truth (default 0 = off)'),
  valued(
    'alignment-reward',
    'W',
    'weight of the alignment reward, think vs answer (default 0 = off)',
  ),
  valued('length-penalty', 'P', 'none | p1 | p2 | p3 on the accuracy/dual reward (default p3)'),
  valued('sft-steps', 'N', 'cold-start SFT steps (default: preset)'),
  valued('grpo-steps', 'N', 'GRPO steps (default: preset)'),
  valued('num-generations', 'N', 'completions per prompt (default: preset)'),
  valued('learning-rate', 'LR', 'GRPO learning rate (default: preset)'),
  valued('beta', 'B', 'KL coefficient to the SFT model (default 0)'),
  valued('temperature', 'T', 'sampling temperature for rollouts and evaluation (default 1)'),
  valued('top-p', 'P', 'nucleus mass for rollouts and evaluation (default 0.9)'),
  valued(
    'max-completion-length',
    'N',
    'longest completion in tokens, rollouts and evaluation (default: preset)',
  ),
  valued(
    'eval-samples',
    'N',
    'test samples evaluated before/after GRPO, 0 = all (default: preset)',
  ),
  valued('hidden-size', 'N', 'model width (default: preset)'),
  valued('layers', 'N', 'decoder layers (default: preset)'),
  valued('lora-rank', 'R', 'LoRA rank, 0 = full fine-tuning (default: preset; paper 16)'),
  valued('dataset-size', 'N', 'synthetic samples over all splits (default: preset)'),
  toggle('resume', "continue from the run directory's last checkpoint"),
  valued('backend', 'NAME', 'auto | tensorflow | wasm | cpu (default auto: the fastest installed)'),
  valued('memory-limit-mb', 'MB', 'refuse configs estimated above this (default: half of RAM)'),
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
