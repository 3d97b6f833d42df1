export {
  type BackendName,
  type SelectBackendOptions,
  type SelectedBackend,
  selectBackend,
} from './backend/select-backend.js';
export { describeValue } from './errors/describe-value.js';
export {
  type InvalidArgumentOptions,
  invalidArgument,
  R1kitError,
  type R1kitErrorCode,
  type R1kitErrorOptions,
} from './errors/r1kit-error.js';
