// Request coalescing ("single-flight"): concurrent misses of the same key share one source read. The
// first caller (the leader) runs the read; callers arriving while it is in flight wait for its
// result instead of issuing their own. The entry is dropped when the read settles, so a later miss
// reads again.

export interface Flight<V> {
  readonly promise: Promise<V>;
  /** True for the caller that runs the read; false for one that joined it. */
  readonly leader: boolean;
}

export class SingleFlight<K, V> {
  private readonly inflight = new Map<K, Promise<V>>();
  /** Callers that joined an in-flight read instead of reading. */
  joined = 0;

  constructor(private readonly enabled = true) {}

  run(key: K, read: () => Promise<V>): Flight<V> {
    if (!this.enabled) return { promise: read(), leader: true };
    const existing = this.inflight.get(key);
    if (existing !== undefined) {
      this.joined++;
      return { promise: existing, leader: false };
    }
    const promise = read();
    this.inflight.set(key, promise);
    const clear = () => {
      if (this.inflight.get(key) === promise) this.inflight.delete(key);
    };
    promise.then(clear, clear);
    return { promise, leader: true };
  }

  get size(): number {
    return this.inflight.size;
  }
}
