// The eviction axis of a strategy: what stays cached when something must go. In the spirit of
// libCacheSim's cache_t hooks (find / insert / evict / remove) and Caffeine's Policy. A policy holds
// keys and their sizes only: values, backfill marks and waste belong to the strategy, which keeps
// them per slot. One file per policy (one class, typed arrays, O(1) amortised, no allocation per
// request), registered by one line in ./registry.ts, with its plain model in test/models/.
import type { Key } from '../../core/types.ts';

/** What find/insert return for a key that is not (or no longer) cached. */
export const NOT_CACHED = -1;

/** What a policy can promise, so callers ask for a capability rather than for a name. */
export interface PolicyCapabilities {
  /**
   * An inclusion-property (stack) algorithm: the cache of capacity c always holds a subset of the
   * cache of capacity c + 1, so one pass over the stream gives the miss-ratio curve at every
   * capacity (LRU). False for FIFO, CLOCK, S3-FIFO...: their curves need one simulation per size.
   */
  readonly stackAlgorithm: boolean;
  /**
   * insert may refuse a newcomer no larger than the capacity: by an admission rule (W-TinyLFU's duel)
   * or by a size rule of the policy's own (larger than S3-FIFO's small queue, 2Q's Ain, an SLRU
   * segment, W-TinyLFU's window). False: every newcomer that fits in the cache is admitted (the only
   * refusal is of an object larger than the whole cache). test/eviction/capabilities.test.ts holds
   * every registered policy to this.
   */
  readonly mayReject: boolean;
  /**
   * A hit may evict other keys (libCacheSim's S4LRU: a promotion overflows a segment and the
   * demotions cascade down to evicting from the lowest). Then every find resets the eviction report
   * and leaves the keys it evicted in evictedKeys / evictedSlots, as insert does. Absent: false.
   */
  readonly evictsOnHit?: boolean;
}

/**
 * One policy instance, sized in units: objects (every size 1) or bytes (sizes from the workload).
 *
 * Slots: every cached key occupies one slot, a small integer in [0, slotLimit). A key keeps its slot
 * while it stays cached (moving between a policy's queues or segments keeps the slot); a slot is
 * reused only after its key was evicted or removed. Ghost entries (keys remembered after eviction)
 * do not occupy slots. The strategy indexes its own per-slot arrays (values, marks) by these slots.
 */
export interface EvictionPolicy {
  readonly capabilities: PolicyCapabilities;
  /** Capacity in units (objects, or bytes in byte mode). */
  readonly capacity: number;
  /** Keys cached. */
  readonly size: number;
  /** Units occupied (equals size in object mode). */
  readonly usedBytes: number;
  /** Keys evicted so far (not counting removals or rejected newcomers). */
  readonly evictions: number;
  /** One more than the largest slot handed out so far: per-slot arrays must be at least this long. */
  readonly slotLimit: number;

  /** A request for `key`: its slot, updating the policy's state on a hit (recency, frequency, bits); NOT_CACHED on a miss. */
  find(key: Key): number;
  /**
   * The slot of `key` if cached, else NOT_CACHED, without touching the policy's state (no recency,
   * frequency or ghost update): freshness checks an entry's expiry before the access counts.
   */
  peek(key: Key): number;
  /** Whether `key` is cached, without touching the policy's state. */
  contains(key: Key): boolean;
  /**
   * Caches `key` (not cached now) of `size` units (1 in object mode; >= 1). Evicts until it fits:
   * the keys evicted by this call are evictedKeys[0 .. evictedCount), their former slots
   * evictedSlots[0 .. evictedCount) (buffers owned by the policy, overwritten by the next insert or
   * remove, or find when capabilities.evictsOnHit). Returns the newcomer's slot, or NOT_CACHED when it is not admitted: larger than the
   * whole cache, or refused by the policy itself (then it may still have evicted keys, as
   * W-TinyLFU's window does). A miss updates policy state as the policy defines (ghost hits...).
   */
  insert(key: Key, size: number): number;
  /** Removes `key` if cached (an invalidation, not an eviction); its slot, or NOT_CACHED. */
  remove(key: Key): number;
  readonly evictedCount: number;
  readonly evictedKeys: Uint32Array;
  readonly evictedSlots: Int32Array;

  /**
   * Optional: the key the next insert would evict first (NOT_CACHED when empty), without changing
   * any state; admissions that duel candidate against victim (tinylfu) ask it, and are refused with
   * policies that do not have it.
   */
  victim?(): number;

  /** Cached keys, the next victim first, as far as the policy has an order (tests, snapshots; O(size)). */
  keysInEvictionOrder(): number[];
  /** Checks internal consistency; throws describing the first broken invariant (end of run, tests). */
  check(): void;
}
