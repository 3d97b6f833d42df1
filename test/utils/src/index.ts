export { expectNoLeak } from './expect-no-leak.js';
export { errorCode, expectR1kitError, type MessagePart } from './expect-r1kit-error.js';
export {
  benchQwen2,
  createTinyCausalLM,
  maxAbsDiff,
  type TinyCausalLMOptions,
  tinyLlama,
  tinyQwen2,
} from './tiny-causal-lm.js';
