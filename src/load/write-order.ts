// Cache writes in the strategy's decision order, key by key. The strategy decides request after
// request, but each request's SET and UNLINK reach the cache only after its own source read, so two
// requests touching the same key could land in the other order: request A evicts key k (UNLINK k),
// request B, decided after A, misses k again and fills it (SET k); if B's SET lands first, A's UNLINK
// then deletes a key the strategy holds, and the cache ends with fewer keys than the strategy.
//
// Each request reserves its place at decision time for every key it may write; its writes wait until
// every earlier reservation of those keys is released (written, failed, timed out or dropped). Only
// requests touching the same key wait for each other; nothing else is serialised.
export interface WriteTicket {
  /** Settles once every earlier ticket on these keys was released. */
  readonly ready: Promise<void>;
  /** Lets later tickets on these keys go ahead; idempotent. */
  release(): void;
}

const NOTHING_BEFORE: Promise<void> = Promise.resolve();

export class WriteOrder {
  /** Per key, the release of the latest ticket that reserved it (deleted once released). */
  private readonly tails = new Map<number, Promise<void>>();

  /** Keys with a ticket not yet released (for tests: 0 once a run has settled). */
  get pending(): number {
    return this.tails.size;
  }

  /** Reserves, in decision order, a place for writes touching the keys of each list. */
  reserve(...lists: readonly ArrayLike<number>[]): WriteTicket {
    let resolve!: () => void;
    const done = new Promise<void>((r) => {
      resolve = r;
    });
    const before = new Set<Promise<void>>();
    const keys: number[] = [];
    for (const list of lists) {
      for (let i = 0; i < list.length; i++) {
        const k = list[i]!;
        const prev = this.tails.get(k);
        if (prev !== undefined && prev !== done) before.add(prev);
        this.tails.set(k, done);
        keys.push(k);
      }
    }
    let released = false;
    return {
      ready: before.size === 0 ? NOTHING_BEFORE : Promise.all(before).then(() => undefined),
      release: () => {
        if (released) return;
        released = true;
        resolve();
        for (const k of keys) if (this.tails.get(k) === done) this.tails.delete(k);
      },
    };
  }
}
