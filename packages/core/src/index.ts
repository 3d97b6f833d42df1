export {
  type BackendName,
  type SelectBackendOptions,
  type SelectedBackend,
  selectBackend,
} from './backend/select-backend.js';
export { type KernelRegistry, shareWasmIdentity } from './backend/share-wasm-identity.js';
export { describeValue } from './errors/describe-value.js';
export {
  type InvalidArgumentOptions,
  invalidArgument,
  R1kitError,
  type R1kitErrorCode,
  type R1kitErrorOptions,
} from './errors/r1kit-error.js';
export { RandomGenerator, type RandomGeneratorState } from './random/random-generator.js';
export {
  type ParseSafetensorsOptions,
  parseSafetensors,
  type SafetensorsContent,
  type SafetensorsTensor,
} from './safetensors/parse-safetensors.js';
export type { SafetensorsData, SafetensorsDtype } from './safetensors/safetensors-dtype.js';
export {
  type SafetensorsTensorInput,
  type SerializeSafetensorsOptions,
  serializeSafetensors,
} from './safetensors/serialize-safetensors.js';
export { requireFiniteArray } from './validate/require-finite-array.js';
export { requireInteger, requireNumber } from './validate/require-number.js';
export { type RequireOneOfOptions, requireOneOf } from './validate/require-one-of.js';
export { type RequireTensorOptions, requireTensor } from './validate/require-tensor.js';
export type { NumberRangeOptions, ValidationOptions } from './validate/validation-options.js';
