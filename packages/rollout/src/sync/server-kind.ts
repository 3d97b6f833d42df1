/**
 * Which inference server an engine or a weight sync talks to: the route names differ
 * (`/v1/load_lora_adapter` on vLLM, `/load_lora_adapter` on SGLang).
 *
 * @category Weight sync
 */
export type ServerKind = 'vllm' | 'sglang';
