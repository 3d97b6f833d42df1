import type { WeightSync } from './weight-sync.js';

/**
 * The policy version a server holds and the model name that serves it: synced lazily before the
 * first rollout (version 0) and after every optimiser step.
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

  /** Publishes `version` (a no-op without a weight sync). */
  async sync(version: number): Promise<void> {
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
