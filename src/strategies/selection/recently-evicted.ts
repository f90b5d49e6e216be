// `recently-evicted`: keys the policy evicted recently that had been requested more than once, most
// recently evicted first: a ghost list (keys only, no values) of at most `ghostKeys` keys, so a
// backfill brings back what the cache just let go of and had used. A key requested once (a one-hit
// wonder, a scan) is not remembered. The selection counts each key's requests up to 2 (one entry per
// key requested: memory follows the keys used, like the policies' indexes); the ghost list is a
// doubly linked list over `ghostKeys` slots in typed arrays, O(1) per eviction. A key requested
// again (so cached again) or loaded by a backfill leaves the list; the oldest leaves when it is full.
// A restart or a loss is not an eviction: its keys are the `snapshot` selection's.
import type { IntegerDecl } from '../../core/param-decl.ts';
import type { Key } from '../../core/types.ts';
import { createKeyMap, NIL, type KeyMap } from '../eviction/key-map.ts';
import { batchBytesOf, type BatchBytes } from './byte-budget.ts';
import type { CacheView, Selection, SelectionSpec } from './selection.ts';

export interface RecentlyEvictedParams {
  readonly ghostKeys: number | null;
}

export const GHOST_KEYS: IntegerDecl = {
  name: 'ghostKeys',
  kind: 'integer',
  doc: 'evicted keys the recently-evicted selection remembers (the oldest is forgotten first; ~16 bytes each)',
  unit: 'keys',
  default: null,
  defaultText: 'null (the capacity in objects; an unbounded cache evicts nothing)',
  min: 1,
  max: 1 << 26,
  nullable: { means: 'the capacity in objects' },
  typical: [1, 100_000],
};

/** Request counts kept per key: 1 (once) or 2 (more than once). */
const MORE_THAN_ONCE = 2;

export class RecentlyEvictedSelection implements Selection {
  readonly observesRequests = true;
  readonly observesEvictions = true;
  /** key -> requests seen, capped at 2. */
  private readonly seen: KeyMap;
  /** key -> ghost slot. */
  private readonly ghostOf: KeyMap;
  private readonly keys: Uint32Array;
  /** Toward older (next) and newer (prev) entries; NIL at the ends. */
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  /** Free slots, a stack. */
  private readonly free: Int32Array;
  private freeTop: number;
  private head = NIL;
  private tail = NIL;
  private count = 0;

  constructor(
    private readonly sourceKeys: number,
    readonly capacity: number,
    keySpace: number,
    private readonly bytes: BatchBytes | undefined,
  ) {
    this.seen = createKeyMap(keySpace);
    this.ghostOf = createKeyMap(keySpace);
    this.keys = new Uint32Array(capacity);
    this.next = new Int32Array(capacity);
    this.prev = new Int32Array(capacity);
    this.free = new Int32Array(capacity);
    for (let i = 0; i < capacity; i++) this.free[i] = capacity - 1 - i;
    this.freeTop = capacity;
  }

  /** Keys remembered now. */
  get size(): number {
    return this.count;
  }

  observe(key: Key): void {
    if (key >= this.sourceKeys) return;
    const c = this.seen.get(key);
    if (c === NIL) this.seen.set(key, 1);
    else if (c < MORE_THAN_ONCE) this.seen.set(key, MORE_THAN_ONCE);
  }

  evicted(key: Key): void {
    if (key >= this.sourceKeys || this.seen.get(key) !== MORE_THAN_ONCE) return;
    const slot = this.ghostOf.get(key);
    if (slot !== NIL) this.unlink(slot);
    else if (this.count === this.capacity) this.drop(this.tail);
    this.pushFront(key, slot !== NIL ? slot : this.free[--this.freeTop]!);
  }

  select(cache: CacheView, batch: number, out: Uint32Array): number {
    const bytes = this.bytes;
    bytes?.start();
    let n = 0;
    let slot = this.head;
    while (slot !== NIL && n < batch) {
      const older = this.next[slot]!;
      const key = this.keys[slot]!;
      if (!cache.contains(key)) {
        if (bytes !== undefined && !bytes.take(key, n)) break;
        out[n++] = key;
      }
      // Loaded now, or cached again by a request since: no longer a ghost.
      this.drop(slot);
      if (bytes?.full) break;
      slot = older;
    }
    return n;
  }

  /** The keys remembered, most recently evicted first (tests). */
  ghosts(): number[] {
    const out: number[] = [];
    for (let s = this.head; s !== NIL; s = this.next[s]!) out.push(this.keys[s]!);
    return out;
  }

  private pushFront(key: Key, slot: number): void {
    this.keys[slot] = key;
    this.prev[slot] = NIL;
    this.next[slot] = this.head;
    if (this.head !== NIL) this.prev[this.head] = slot;
    this.head = slot;
    if (this.tail === NIL) this.tail = slot;
    this.ghostOf.set(key, slot);
    this.count++;
  }

  private unlink(slot: number): void {
    const p = this.prev[slot]!;
    const n = this.next[slot]!;
    if (p === NIL) this.head = n;
    else this.next[p] = n;
    if (n === NIL) this.tail = p;
    else this.prev[n] = p;
    this.count--;
  }

  private drop(slot: number): void {
    this.unlink(slot);
    this.ghostOf.delete(this.keys[slot]!);
    this.free[this.freeTop++] = slot;
  }
}

const recentlyEvicted: SelectionSpec<RecentlyEvictedParams> = {
  name: 'recently-evicted',
  summary: 'keys evicted recently that had been requested more than once (a ghost list of ghostKeys keys), most recently evicted first',
  params: [GHOST_KEYS],
  // An unbounded cache evicts nothing: one slot is all it could use.
  create: (ctx, p) => new RecentlyEvictedSelection(ctx.sourceKeys, Math.max(1, p.ghostKeys ?? ctx.capacity ?? 1), ctx.keySpace, batchBytesOf(ctx)),
};

export default recentlyEvicted;
