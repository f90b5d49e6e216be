// The cache that only grows (the reference design's dictionary): what every strategy runs on when
// its capacity is unbounded, whatever eviction policy it names, since no policy ever has to choose a
// victim. Not a registered policy: a capacity mode. Dense key spaces use the key itself as the slot
// (one load per lookup); above DIRECT_INDEX_MAX_KEYS a hash index hands out slots in order of
// arrival, so memory follows the keys cached, not the key space.
import type { Key } from '../../core/types.ts';
import { DIRECT_INDEX_MAX_KEYS, HashIndex, NIL } from '../stores/key-index.ts';
import { NOT_CACHED, type EvictionPolicy, type PolicyCapabilities } from './eviction-policy.ts';

// Unbounded is trivially a stack algorithm: every capacity holds everything.
const CAPABILITIES: PolicyCapabilities = Object.freeze({ stackAlgorithm: true, mayReject: false });
const NO_KEYS = new Uint32Array(0);
const NO_SLOTS = new Int32Array(0);

export class UnboundedPolicy implements EvictionPolicy {
  readonly capabilities = CAPABILITIES;
  readonly capacity = Infinity;
  readonly evictions = 0;
  readonly evictedCount = 0;
  readonly evictedKeys = NO_KEYS;
  readonly evictedSlots = NO_SLOTS;
  size = 0;
  usedBytes = 0;
  /** present[key] = 1 while key is cached; its slot is the key itself. */
  private present: Uint8Array;

  constructor(keySpaceHint: number) {
    this.present = new Uint8Array(Math.max(1, keySpaceHint));
  }

  get slotLimit(): number {
    return this.present.length;
  }

  find(key: Key): number {
    return key < this.present.length && this.present[key] === 1 ? key : NOT_CACHED;
  }

  peek(key: Key): number {
    return this.find(key);
  }

  contains(key: Key): boolean {
    return key < this.present.length && this.present[key] === 1;
  }

  insert(key: Key, size: number): number {
    if (key >= this.present.length) this.grow(key);
    this.present[key] = 1;
    this.size++;
    this.usedBytes += size;
    return key;
  }

  remove(key: Key): number {
    if (!this.contains(key)) return NOT_CACHED;
    this.present[key] = 0;
    this.size--;
    this.usedBytes--; // sizes are not kept per key: removal is for object mode (invalidations)
    return key;
  }

  keysInEvictionOrder(): number[] {
    const out: number[] = [];
    for (let k = 0; k < this.present.length; k++) if (this.present[k] === 1) out.push(k);
    return out;
  }

  check(): void {
    let count = 0;
    for (let k = 0; k < this.present.length; k++) count += this.present[k]!;
    if (count !== this.size) throw new Error(`unbounded cache holds ${count} keys, size says ${this.size}`);
  }

  private grow(key: Key): void {
    let len = this.present.length;
    while (len <= key) len *= 2;
    const present = new Uint8Array(len);
    present.set(this.present);
    this.present = present;
  }
}

/** The unbounded cache for key spaces above DIRECT_INDEX_MAX_KEYS: slots handed out in order of arrival. */
export class HashedUnboundedPolicy implements EvictionPolicy {
  readonly capabilities = CAPABILITIES;
  readonly capacity = Infinity;
  readonly evictions = 0;
  readonly evictedCount = 0;
  readonly evictedKeys = NO_KEYS;
  readonly evictedSlots = NO_SLOTS;
  usedBytes = 0;
  slotLimit = 0;
  private readonly slotOf = new HashIndex();
  /** Slots freed by remove(), reused first. */
  private free: number[] = [];

  get size(): number {
    return this.slotOf.size;
  }

  find(key: Key): number {
    return this.slotOf.get(key);
  }

  peek(key: Key): number {
    return this.slotOf.get(key);
  }

  contains(key: Key): boolean {
    return this.slotOf.get(key) !== NIL;
  }

  insert(key: Key, size: number): number {
    const slot = this.free.length > 0 ? this.free.pop()! : this.slotLimit++;
    this.slotOf.set(key, slot);
    this.usedBytes += size;
    return slot;
  }

  remove(key: Key): number {
    const slot = this.slotOf.get(key);
    if (slot === NIL) return NOT_CACHED;
    this.slotOf.delete(key);
    this.free.push(slot);
    this.usedBytes--;
    return slot;
  }

  keysInEvictionOrder(): number[] {
    const out: number[] = [];
    this.slotOf.forEach((key) => out.push(key));
    return out.sort((a, b) => a - b);
  }

  check(): void {
    this.slotOf.forEach((key, slot) => {
      if (slot < 0 || slot >= this.slotLimit) throw new Error(`hashed unbounded cache: key ${key} at slot ${slot}, outside 0 .. ${this.slotLimit - 1}`);
    });
    if (this.size + this.free.length !== this.slotLimit) throw new Error(`hashed unbounded cache: ${this.size} keys + ${this.free.length} free slots != ${this.slotLimit}`);
  }
}

export function createUnbounded(keySpace: number): UnboundedPolicy | HashedUnboundedPolicy {
  return keySpace <= DIRECT_INDEX_MAX_KEYS ? new UnboundedPolicy(keySpace) : new HashedUnboundedPolicy();
}
