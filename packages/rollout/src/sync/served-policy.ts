import type { WeightSync } from './weight-sync.js';

/**
 * The policy version a server holds and the model name that serves it: synced lazily before the
 * first rollout (version 0) and after every optimiser step. A sync waits for the rollouts in
 * flight (asynchronous generation) so that an adapter is never unloaded under a request.
 * @internal
 */
export class ServedPolicy {
  /** Version of the weights the server holds, or -1 before the first sync. */
  version = -1;
  /** Model name to request. */
  modelName: string;
  /** Version {@link ServedPolicy.ready} publishes when the server holds none yet. */
  target = 0;

  constructor(
    private readonly baseModel: string,
    private readonly weightSync: WeightSync | undefined,
  ) {
    this.modelName = baseModel;
  }

  private readonly inFlight = new Set<Promise<unknown>>();

  /** Runs `work` as a rollout: later syncs wait for it. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    const promise = work();
    const settled = promise.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.add(settled);
    try {
      return await promise;
    } finally {
      this.inFlight.delete(settled);
    }
  }

  /** Publishes `version` (a no-op without a weight sync) once the rollouts in flight are done. */
  async sync(version: number): Promise<void> {
    await Promise.all([...this.inFlight]);
    this.target = version;
    if (!this.weightSync) {
      this.version = version;
      return;
    }
    const name = await this.weightSync.sync(version);
    this.modelName = name ?? this.baseModel;
    this.version = version;
  }

  /** Publishes `target` when nothing was synced yet (version 0, or a resumed run's step). */
  async ready(): Promise<void> {
    if (this.version < 0) await this.sync(this.target);
  }

  /** Forgets what the server holds; the next {@link ServedPolicy.ready} publishes `version`. */
  reset(version: number): void {
    this.version = -1;
    this.target = version;
  }
}
