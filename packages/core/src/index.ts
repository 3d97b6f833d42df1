export {
  type BackendName,
  type SelectBackendOptions,
  type SelectedBackend,
  selectBackend,
} from './backend/select-backend.js';
export { type KernelRegistry, shareWasmIdentity } from './backend/share-wasm-identity.js';
export { tuneWasmKernels } from './backend/tune-wasm-kernels.js';
export { keepTransposedCopy } from './backend/wasm-transposed-copies.js';
export { describeValue } from './errors/describe-value.js';
export {
  type InvalidArgumentOptions,
  invalidArgument,
  R1kitError,
  type R1kitErrorCode,
  type R1kitErrorOptions,
} from './errors/r1kit-error.js';
export { type NodeBuiltinOptions, type NodeBuiltins, nodeBuiltin } from './node/node-builtin.js';
export {
  isStringArray,
  type NdArray,
  type NdData,
  type NdDtype,
  type NdStringArray,
  type NpyArray,
} from './npy/nd-array.js';
export { type NpyHeader, type ParseNpyOptions, parseNpyHeader } from './npy/npy-header.js';
export { parseNpy } from './npy/parse-npy.js';
export { type ParseNpzOptions, parseNpz } from './npy/parse-npz.js';
export { type SerializeNpyOptions, serializeNpy } from './npy/serialize-npy.js';
export { type SerializeNpzOptions, serializeNpz } from './npy/serialize-npz.js';
export {
  type FillNormalOptions,
  type FillUniformOptions,
  RandomGenerator,
  type RandomGeneratorState,
} from './random/random-generator.js';
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
export type { SoftTokenProvider, SoftTokens } from './soft-tokens/soft-tokens.js';
export { requireFiniteArray } from './validate/require-finite-array.js';
export { requireInteger, requireNumber } from './validate/require-number.js';
export { type RequireOneOfOptions, requireOneOf } from './validate/require-one-of.js';
export { type RequireTensorOptions, requireTensor } from './validate/require-tensor.js';
export type {
  IntegerOptions,
  NumberRangeOptions,
  ValidationOptions,
} from './validate/validation-options.js';
