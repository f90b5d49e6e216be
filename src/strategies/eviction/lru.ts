// LRU on typed arrays, O(1) per operation: a doubly linked list of slots and a key -> slot index.
// The links (next, prev) of a slot sit side by side in one Int32Array, 8 bytes a slot, so the part
// a hit touches stays small enough for the CPU caches; keys and sizes (read only on eviction) live in
// their own arrays. No objects per entry, no Map: a Map delete-and-reinsert LRU is ~500x slower under
// zipf in V8. The slot arrays grow with the entries held, up to the capacity, and the index is direct
// or hashed by key space (../stores/key-index.ts), so memory follows the keys used, not the capacity
// or the key space. A stack algorithm: the one-pass miss-ratio curve (src/mrc/) is exact for it.
import type { Key } from '../../core/types.ts';
import { DIRECT_INDEX_MAX_KEYS, growDirect, HashIndex, NIL } from '../stores/key-index.ts';
import { NOT_CACHED, type EvictionPolicy, type PolicyCapabilities } from './eviction-policy.ts';
import type { PolicySpec } from './policy-spec.ts';

/** Slots allocated at first (grown by half up to the capacity). */
const INITIAL_SLOTS = 1024;
/** Slots are linked through an Int32Array of 2 x slots entries, so at most 2^30 keys are held. */
export const LRU_MAX_SLOTS = 2 ** 30;

const CAPABILITIES: PolicyCapabilities = Object.freeze({ stackAlgorithm: true, mayReject: false });

export class LruPolicy implements EvictionPolicy {
  readonly capabilities = CAPABILITIES;
  size = 0;
  usedBytes = 0;
  evictions = 0;
  slotLimit = 0;
  evictedCount = 0;
  evictedKeys = new Uint32Array(16);
  evictedSlots = new Int32Array(16);

  /** key -> slot, indexed by the key (HashedLruPolicy keeps a hash index instead). */
  private slotOf: Int32Array;
  /** links[2s] = next slot (towards LRU), links[2s + 1] = previous slot (towards MRU). */
  protected links: Int32Array;
  protected keyOf: Int32Array;
  protected sizeOf: Int32Array;
  /** Slots freed by remove() (eviction hands the victim's slot straight to the newcomer or here). */
  protected free: Int32Array;
  protected freeCount = 0;
  /** Most recently used slot. */
  protected head = NIL;
  /** Least recently used slot: the next victim. */
  protected tail = NIL;

  constructor(
    readonly capacity: number,
    keySpaceHint: number,
  ) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`LRU capacity must be a positive integer, got ${capacity}`);
    this.slotOf = new Int32Array(Math.max(1, keySpaceHint)).fill(NIL);
    // At most as many keys as the key space: slot arrays allocated once for that are never replaced
    // in a run (V8 then treats them as constant fields, which the hot path needs). HashedLruPolicy
    // (a hint of 0) starts them small and grows them with the entries held.
    const slots = Math.min(capacity, LRU_MAX_SLOTS, Math.max(INITIAL_SLOTS, keySpaceHint));
    this.links = new Int32Array(slots * 2);
    this.keyOf = new Int32Array(slots);
    this.sizeOf = new Int32Array(slots);
    this.free = new Int32Array(16);
  }

  find(key: Key): number {
    if (key >= this.slotOf.length) return NOT_CACHED;
    const slot = this.slotOf[key]!;
    if (slot !== NIL && slot !== this.head) this.moveToHead(slot);
    return slot;
  }

  peek(key: Key): number {
    return key < this.slotOf.length ? this.slotOf[key]! : NOT_CACHED;
  }

  contains(key: Key): boolean {
    return key < this.slotOf.length && this.slotOf[key] !== NIL;
  }

  /** The key the next insert evicts first (the least recently used), NOT_CACHED when empty. */
  victim(): number {
    return this.tail === NIL ? NOT_CACHED : this.keyOf[this.tail]! >>> 0;
  }

  insert(key: Key, size: number): number {
    this.evictedCount = 0;
    if (size > this.capacity) return NOT_CACHED;
    if (key >= this.slotOf.length) this.slotOf = growDirect(this.slotOf, key);
    const slot = this.makeRoom(size);
    this.slotOf[key] = slot;
    this.place(slot, key, size);
    return slot;
  }

  remove(key: Key): number {
    this.evictedCount = 0;
    const slot = this.slotOfKey(key);
    if (slot === NIL) return NOT_CACHED;
    this.unindex(key);
    this.unlink(slot);
    this.size--;
    this.usedBytes -= this.sizeOf[slot]!;
    this.pushFree(slot);
    return slot;
  }

  /** Keys from least to most recently used: the next victim first. */
  keysInEvictionOrder(): number[] {
    const out: number[] = [];
    for (let s = this.tail; s !== NIL; s = this.links[2 * s + 1]!) out.push(this.keyOf[s]! >>> 0);
    return out;
  }

  check(): void {
    const links = this.links;
    if (this.usedBytes > this.capacity) throw new Error(`LRU holds ${this.usedBytes} units, capacity ${this.capacity}`);
    let count = 0;
    let bytes = 0;
    let before = NIL;
    for (let s = this.head; s !== NIL; s = links[2 * s]!) {
      if (links[2 * s + 1] !== before) throw new Error(`LRU list broken at slot ${s}: prev ${links[2 * s + 1]} != ${before}`);
      if (this.slotOfKey(this.keyOf[s]! >>> 0) !== s) throw new Error(`LRU index broken: key ${this.keyOf[s]! >>> 0} not at slot ${s}`);
      if (s >= this.slotLimit) throw new Error(`LRU slot ${s} at or above slotLimit ${this.slotLimit}`);
      bytes += this.sizeOf[s]!;
      before = s;
      if (++count > this.size) throw new Error('LRU list is longer than its size (a cycle?)');
    }
    if (before !== this.tail) throw new Error('LRU tail is not the last slot of the list');
    if (count !== this.size) throw new Error(`LRU list holds ${count} entries, size says ${this.size}`);
    if (bytes !== this.usedBytes) throw new Error(`LRU entries sum to ${bytes} units, usedBytes says ${this.usedBytes}`);
    if (count + this.freeCount !== this.slotLimit) throw new Error(`LRU: ${count} slots used + ${this.freeCount} free != slotLimit ${this.slotLimit}`);
    const indexed = this.indexedKeys();
    if (indexed !== this.size) throw new Error(`LRU index holds ${indexed} keys, size says ${this.size}`);
  }

  /** Evicts least recently used keys until `size` more units fit; returns the slot for the newcomer. */
  protected makeRoom(size: number): number {
    let used = this.usedBytes;
    // The first victim's slot goes straight to the newcomer (object mode: the only victim).
    let reuse = NIL;
    while (used + size > this.capacity) {
      const victim = this.tail;
      const victimKey = this.keyOf[victim]! >>> 0;
      this.unindex(victimKey);
      this.unlink(victim);
      used -= this.sizeOf[victim]!;
      this.size--;
      this.evictions++;
      const n = this.evictedCount;
      if (n === this.evictedKeys.length) this.growEvicted();
      this.evictedKeys[n] = victimKey;
      this.evictedSlots[n] = victim;
      this.evictedCount = n + 1;
      if (reuse === NIL) reuse = victim;
      else this.pushFree(victim);
    }
    this.usedBytes = used + size;
    this.size++;
    if (reuse !== NIL) return reuse;
    if (this.freeCount > 0) return this.free[--this.freeCount]!;
    const slot = this.slotLimit++;
    if (slot === this.keyOf.length) this.growSlots();
    return slot;
  }

  protected place(slot: number, key: Key, size: number): void {
    this.keyOf[slot] = key;
    this.sizeOf[slot] = size;
    this.linkAtHead(slot);
  }

  /** Forgets `key` in the index (the hashed subclass deletes it from its table). */
  protected unindex(key: Key): void {
    this.slotOf[key] = NIL;
  }

  /** The slot of a key, NIL if absent. */
  protected slotOfKey(key: Key): number {
    return key < this.slotOf.length ? this.slotOf[key]! : NIL;
  }

  /** Keys in the index (for checks). */
  protected indexedKeys(): number {
    let n = 0;
    for (let k = 0; k < this.slotOf.length; k++) if (this.slotOf[k] !== NIL) n++;
    return n;
  }

  private pushFree(slot: number): void {
    if (this.freeCount === this.free.length) {
      const grown = new Int32Array(this.free.length * 2);
      grown.set(this.free);
      this.free = grown;
    }
    this.free[this.freeCount++] = slot;
  }

  private growEvicted(): void {
    const keys = new Uint32Array(this.evictedKeys.length * 2);
    keys.set(this.evictedKeys);
    const slots = new Int32Array(this.evictedSlots.length * 2);
    slots.set(this.evictedSlots);
    this.evictedKeys = keys;
    this.evictedSlots = slots;
  }

  /** Grows the slot arrays by half (at most to the capacity or the slot limit). */
  private growSlots(): void {
    const n = Math.min(this.capacity, LRU_MAX_SLOTS, Math.ceil(this.keyOf.length * 1.5));
    if (n <= this.keyOf.length) throw new RangeError(`LRU: more than ${LRU_MAX_SLOTS} keys held`);
    const links = new Int32Array(n * 2);
    links.set(this.links);
    const keyOf = new Int32Array(n);
    keyOf.set(this.keyOf);
    const sizeOf = new Int32Array(n);
    sizeOf.set(this.sizeOf);
    this.links = links;
    this.keyOf = keyOf;
    this.sizeOf = sizeOf;
  }

  /** Moves a slot that is not the head to the head. */
  protected moveToHead(slot: number): void {
    const links = this.links;
    const p = links[2 * slot + 1]!; // never NIL: slot is not the head
    const n = links[2 * slot]!;
    links[2 * p] = n;
    if (n !== NIL) links[2 * n + 1] = p;
    else this.tail = p;
    const head = this.head;
    links[2 * slot] = head;
    links[2 * slot + 1] = NIL;
    links[2 * head + 1] = slot;
    this.head = slot;
  }

  protected unlink(slot: number): void {
    const links = this.links;
    const p = links[2 * slot + 1]!;
    const n = links[2 * slot]!;
    if (p !== NIL) links[2 * p] = n;
    else this.head = n;
    if (n !== NIL) links[2 * n + 1] = p;
    else this.tail = p;
  }

  protected linkAtHead(slot: number): void {
    const links = this.links;
    const head = this.head;
    links[2 * slot + 1] = NIL;
    links[2 * slot] = head;
    if (head !== NIL) links[2 * head + 1] = slot;
    this.head = slot;
    if (this.tail === NIL) this.tail = slot;
  }
}

/**
 * The LRU for key spaces above DIRECT_INDEX_MAX_KEYS: the same list of slots, with a hash index
 * instead of an array indexed by the key. A separate class, so LruPolicy's hot path carries no
 * branch for it; a run uses one or the other for every strategy, so call sites stay monomorphic.
 */
export class HashedLruPolicy extends LruPolicy {
  private readonly index = new HashIndex();

  constructor(capacity: number) {
    super(capacity, 0);
  }

  override find(key: Key): number {
    const slot = this.index.get(key);
    if (slot !== NIL && slot !== this.head) this.moveToHead(slot);
    return slot;
  }

  override peek(key: Key): number {
    return this.index.get(key);
  }

  override contains(key: Key): boolean {
    return this.index.get(key) !== NIL;
  }

  override insert(key: Key, size: number): number {
    this.evictedCount = 0;
    if (size > this.capacity) return NOT_CACHED;
    const slot = this.makeRoom(size);
    this.index.set(key, slot);
    this.place(slot, key, size);
    return slot;
  }

  protected override unindex(key: Key): void {
    this.index.delete(key);
  }

  protected override slotOfKey(key: Key): number {
    return this.index.get(key);
  }

  protected override indexedKeys(): number {
    return this.index.size;
  }
}

/** An LRU of `capacity` units over keys below `keySpace`: indexed directly, or hashed above DIRECT_INDEX_MAX_KEYS. */
export function createLru(capacity: number, keySpace: number): LruPolicy {
  return keySpace <= DIRECT_INDEX_MAX_KEYS ? new LruPolicy(capacity, keySpace) : new HashedLruPolicy(capacity);
}

const lru: PolicySpec<Record<string, never>> = {
  name: 'lru',
  summary: 'least recently used: a hit moves the key to the front, the back is evicted',
  capabilities: CAPABILITIES,
  params: [],
  create: (capacity, keySpace) => createLru(capacity, keySpace),
};

export default lru;
