// An inference server for tests, on 127.0.0.1 with a random port: it answers vLLM's
// /v1/models, /v1/completions, /v1/load_lora_adapter and /v1/unload_lora_adapter, and SGLang's
// /generate, /load_lora_adapter, /unload_lora_adapter and /update_weights_from_disk with the
// servers' response schemas, sampling the project's own tfjs policy through @r1kit/sampling's
// generate, so the log-probs it returns are real.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RandomGenerator } from '@r1kit/core';
import { loadCausalLM, loadLoraAdapter, type TransformerCausalLM } from '@r1kit/lm';
import { type GenerationTokenizer, generate } from '@r1kit/sampling';
import * as tf from '@tensorflow/tfjs-core';

export interface FakeServerOptions {
  /** Base model the server serves (its adapter slot is used for LoRA). */
  model: TransformerCausalLM;
  /** Served name of the base model. */
  name: string;
  /** Seed of the server's persistent generator (used when a request has no `seed`). */
  seed: number;
  tokenizer?: GenerationTokenizer;
  /** Added to every returned log-prob (a sampler that disagrees with the trainer). */
  logprobOffset?: number;
  /** Omit `token_ids` and answer tokens as text (a server without token ids). */
  withoutTokenIds?: boolean;
  /** Omit log-probs. */
  withoutLogprobs?: boolean;
}

export interface FakeServer {
  url: string;
  /** One entry per generation request: the route and the model or adapter it used. */
  log: Array<{ path: string; model: string; input?: 'input_ids' | 'input_embeds' }>;
  /** Adapter loads and unloads in order. */
  adapterEvents: string[];
  /** The model the server samples from now (replaced by /update_weights_from_disk). */
  servedModel(): TransformerCausalLM;
  /** The next `count` generation requests answer HTTP `status`. */
  failNext(count: number, status?: number): void;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

export async function startFakeServer(options: FakeServerOptions): Promise<FakeServer> {
  let model = options.model;
  const rng = RandomGenerator.fromSeed(options.seed);
  const adapters = new Map<string, string>();
  let active: string | undefined;
  const log: FakeServer['log'] = [];
  const adapterEvents: string[] = [];
  let failures = 0;
  let failStatus = 500;
  let weightVersion = 0;

  async function activate(name: string): Promise<void> {
    if (name === options.name) {
      if (active !== undefined)
        model.removeAdapter()?.weights.forEach((v) => {
          v.dispose();
        });
      active = undefined;
      return;
    }
    const directory = adapters.get(name);
    if (directory === undefined) throw new HttpError(404, `The model \`${name}\` does not exist.`);
    if (active === name) return;
    if (active !== undefined)
      model.removeAdapter()?.weights.forEach((v) => {
        v.dispose();
      });
    await loadLoraAdapter(model, directory);
    active = name;
  }

  async function sample(
    prompts: number[][],
    body: Json,
    n: number,
    sampling: Json,
    softTokens?: { placeholderTokenId: number; embeddings: tf.Tensor3D },
  ) {
    const seed = sampling.seed as number | undefined;
    const topK = sampling.top_k as number | undefined;
    return generate(model, prompts, {
      ...(softTokens ? { softTokens } : {}),
      maxCompletionLength: sampling.max as number,
      numGenerations: n,
      temperature: (sampling.temperature as number | undefined) ?? 1,
      topP: (sampling.top_p as number | undefined) ?? 1,
      topK: topK === undefined || topK < 0 ? 0 : topK,
      ...(seed === undefined ? { rng } : { seed }),
      tokenizer: options.tokenizer,
      ...(body.stop ? { stop: body.stop as string[] } : {}),
    });
  }

  const routes: Record<string, (body: Json) => Promise<unknown>> = {
    'GET /v1/models': async () => ({
      object: 'list',
      data: [
        {
          id: options.name,
          object: 'model',
          created: 0,
          owned_by: 'vllm',
          root: options.name,
          parent: null,
          max_model_len: model.config.maxPositionEmbeddings,
        },
        ...[...adapters].map(([id, root]) => ({
          id,
          object: 'model',
          created: 0,
          owned_by: 'vllm',
          root,
          parent: options.name,
        })),
      ],
    }),
    'POST /v1/completions': async (body) => {
      const name = body.model as string;
      log.push({ path: '/v1/completions', model: name });
      await activate(name);
      const raw = body.prompt as number[] | number[][];
      const prompts = typeof raw[0] === 'number' ? [raw as number[]] : (raw as number[][]);
      const n = (body.n as number | undefined) ?? 1;
      const result = await sample(prompts, body, n, { ...body, max: body.max_tokens });
      const offset = options.logprobOffset ?? 0;
      const choices = result.sequences.map((sequence, index) => {
        const eos = sequence.finishReason === 'eos';
        return {
          index,
          text: sequence.text ?? '',
          logprobs: options.withoutLogprobs
            ? null
            : {
                text_offset: sequence.tokenIds.map((_, i) => i),
                token_logprobs: Array.from(sequence.samplingLogProbs, (value) => value + offset),
                tokens: sequence.tokenIds.map((id) =>
                  options.withoutTokenIds ? `t${id}` : `token_id:${id}`,
                ),
                top_logprobs: sequence.tokenIds.map((id, i) => ({
                  [`token_id:${id}`]: sequence.samplingLogProbs[i]! + offset,
                })),
              },
          finish_reason: sequence.finishReason === 'length' ? 'length' : 'stop',
          stop_reason: sequence.finishReason === 'stop' ? 'stop-string' : eos ? null : null,
          ...(options.withoutTokenIds
            ? {}
            : { token_ids: sequence.tokenIds, prompt_token_ids: prompts[sequence.promptIndex] }),
          prompt_logprobs: null,
        };
      });
      const completionTokens = result.sequences.reduce((sum, s) => sum + s.tokenIds.length, 0);
      const promptTokens = prompts.reduce((sum, p) => sum + p.length, 0);
      return {
        id: `cmpl-${log.length}`,
        object: 'text_completion',
        created: 0,
        model: name,
        choices,
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
        },
      };
    },
    'POST /generate': async (body) => {
      const name = (body.lora_path as string | undefined) ?? options.name;
      log.push({
        path: '/generate',
        model: name,
        input: body.input_embeds ? 'input_embeds' : 'input_ids',
      });
      await activate(name);
      const sampling = (body.sampling_params ?? {}) as Json;
      const n = (sampling.n as number | undefined) ?? 1;
      let prompts: number[][];
      let soft: { placeholderTokenId: number; embeddings: tf.Tensor3D } | undefined;
      if (body.input_embeds) {
        // Recover ids by nearest embedding row; rows that match none are soft tokens.
        const embeds = body.input_embeds as number[][][];
        const table = model
          .namedWeights()
          .get('model.embed_tokens.weight')!
          .arraySync() as number[][];
        const placeholder = model.config.vocabSize - 1;
        const softRows: number[][][] = [];
        prompts = embeds.map((rows) => {
          const mine: number[][] = [];
          const ids = rows.map((row) => {
            const id = table.findIndex((entry) =>
              entry.every((v, i) => Math.abs(v - row[i]!) < 1e-6),
            );
            if (id >= 0) return id;
            mine.push(row);
            return placeholder;
          });
          softRows.push(mine);
          return ids;
        });
        soft = { placeholderTokenId: placeholder, embeddings: tf.tensor3d(softRows) };
      } else {
        const raw = body.input_ids as number[] | number[][];
        prompts = typeof raw[0] === 'number' ? [raw as number[]] : (raw as number[][]);
      }
      try {
        const started = Date.now();
        const result = await sample(
          prompts,
          sampling,
          n,
          { ...sampling, max: sampling.max_new_tokens },
          soft,
        );
        const offset = options.logprobOffset ?? 0;
        const eos = model.config.eosTokenId;
        return result.sequences.map((sequence, index) => ({
          text: sequence.text ?? '',
          output_ids: sequence.tokenIds,
          meta_info: {
            id: `req-${log.length}-${index}`,
            finish_reason:
              sequence.finishReason === 'length'
                ? { type: 'length', length: sequence.tokenIds.length }
                : { type: 'stop', matched: sequence.finishReason === 'eos' ? eos : 'stop-string' },
            prompt_tokens: prompts[sequence.promptIndex]!.length,
            completion_tokens: sequence.tokenIds.length,
            cached_tokens: 0,
            ...(options.withoutLogprobs
              ? {}
              : {
                  input_token_logprobs: [],
                  output_token_logprobs: sequence.tokenIds.map((id, i) => [
                    sequence.samplingLogProbs[i]! + offset,
                    id,
                    null,
                  ]),
                  input_top_logprobs: [],
                  output_top_logprobs: sequence.tokenIds.map(() => null),
                }),
            weight_version: weightVersion === 0 ? 'default' : String(weightVersion),
            e2e_latency: (Date.now() - started) / 1000,
          },
        }));
      } finally {
        if (soft) soft.embeddings.dispose();
      }
    },
    'POST /v1/load_lora_adapter': async (body) => loadAdapter(body, 'text'),
    'POST /load_lora_adapter': async (body) => loadAdapter(body, 'json'),
    'POST /v1/unload_lora_adapter': async (body) => unloadAdapter(body, 'text'),
    'POST /unload_lora_adapter': async (body) => unloadAdapter(body, 'json'),
    'POST /update_weights_from_disk': async (body) => {
      const next = await loadCausalLM(body.model_path as string);
      if (active !== undefined)
        model.removeAdapter()?.weights.forEach((v) => {
          v.dispose();
        });
      active = undefined;
      if (model !== options.model) model.dispose();
      model = next;
      weightVersion += 1;
      adapterEvents.push(`update:${body.model_path}`);
      return {
        success: true,
        message: 'Succeeded to update model weights.',
        num_paused_requests: 0,
      };
    },
  };

  async function loadAdapter(body: Json, style: 'text' | 'json') {
    const name = body.lora_name as string;
    if (adapters.has(name))
      throw new HttpError(400, `The lora adapter '${name}' has already been loaded.`);
    adapters.set(name, body.lora_path as string);
    adapterEvents.push(`load:${name}`);
    return style === 'text'
      ? `Success: LoRA adapter '${name}' added successfully.`
      : { success: true, error_message: '', loaded_adapters: Object.fromEntries(adapters) };
  }

  async function unloadAdapter(body: Json, style: 'text' | 'json') {
    const name = body.lora_name as string;
    if (!adapters.delete(name))
      throw new HttpError(404, `The lora adapter '${name}' cannot be found.`);
    if (active === name) await activate(options.name);
    adapterEvents.push(`unload:${name}`);
    return style === 'text'
      ? `Success: LoRA adapter '${name}' removed successfully.`
      : { success: true, error_message: '', loaded_adapters: Object.fromEntries(adapters) };
  }

  // Requests are served one at a time, as a single-GPU server would batch them.
  let queue: Promise<void> = Promise.resolve();
  const server: Server = createServer((request, response) => {
    queue = queue.then(() => handle(request, response));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const path = (request.url ?? '').split('?')[0];
    const route = routes[`${request.method} ${path}`];
    const send = (status: number, value: unknown) => {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      response.writeHead(status, {
        'content-type': typeof value === 'string' ? 'text/plain' : 'application/json',
      });
      response.end(text);
    };
    if (!route) return send(404, { detail: 'Not Found' });
    const generation = path === '/v1/completions' || path === '/generate';
    if (generation && failures > 0) {
      failures -= 1;
      return send(failStatus, {
        object: 'error',
        message: 'EngineCore encountered an issue.',
        type: 'InternalServerError',
        param: null,
        code: failStatus,
      });
    }
    try {
      const body = chunks.length
        ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json)
        : {};
      send(200, await route(body));
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 500;
      send(status, {
        object: 'error',
        message: String((error as Error).message),
        type: 'BadRequestError',
        param: null,
        code: status,
      });
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    adapterEvents,
    servedModel: () => model,
    failNext(count, status = 500) {
      failures = count;
      failStatus = status;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (active !== undefined)
        model.removeAdapter()?.weights.forEach((v) => {
          v.dispose();
        });
      if (model !== options.model) model.dispose();
    },
  };
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
