export { describeValue } from './errors/describe-value.js';
export {
  type InvalidArgumentOptions,
  invalidArgument,
  R1kitError,
  type R1kitErrorCode,
  type R1kitErrorOptions,
} from './errors/r1kit-error.js';
