export { type CliFlag, cliFlags, helpText } from './cli/cli-flags.js';
export { type CliRequest, parseCli } from './cli/parse-cli.js';
export { type PresetConfig, presets } from './cli/presets.js';
export type { ModelShape, RunConfig } from './cli/run-config.js';
export {
  addLora,
  assemblePolicy,
  type BuildPolicyOptions,
  buildPolicy,
  type Policy,
  type PolicyParts,
  type PolicyTextFormat,
} from './pipeline/build-policy.js';
export {
  type EvaluatePolicyOptions,
  type EvaluationRow,
  evaluatePolicy,
  scoreLabelLists,
} from './pipeline/evaluate-policy.js';
export {
  type LoadPretrainedPolicyOptions,
  loadPretrainedPolicy,
} from './pipeline/load-pretrained-policy.js';
export { rewardFunctionsFor } from './pipeline/reward-functions.js';
export {
  type PipelineResult,
  type RunPipelineOptions,
  runPipeline,
} from './pipeline/run-pipeline.js';
export { promptIds, sftExamples } from './pipeline/sft-examples.js';
export {
  completionText,
  promptText,
  softTokenCount,
  specialTokens,
  tokenizerCorpus,
} from './pipeline/text-format.js';
