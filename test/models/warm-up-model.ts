// The strategy side of a cache event, written plainly: an LRU demand-fill cache (an array, least
// recently used first) that meets one restart or loss, then warms up as the event says (snapshot or
// peer list, at once or batch by batch on a token bucket) and/or backfills from source order (the
// on-event trigger). Steps due at or before a request's time run before it, as the kernel's timers.
import { lostKey, type CacheEvent } from '../../src/events/timeline-event.ts';

export interface WarmModelOptions {
  readonly sourceKeys: number;
  readonly capacity: number;
  readonly seed: number;
  /** The on-event trigger: keys per backfill, its rate limit, its key budget (null: the keys lost). */
  readonly onEvent?: { readonly batch: number; readonly rateLimit: number | undefined; readonly eventKeys: number | null };
}

export interface WarmModelResult {
  readonly hits: boolean[];
  /** Keys read from the source by the warm-up and the on-event backfill. */
  readonly warmupReads: number;
  readonly peerCopiedKeys: number;
  /** Source batch calls (warm-up and on-event batches). */
  readonly batchCalls: number;
  /** Cached keys, least recently used first. */
  readonly finalOrder: number[];
}

/** A job: keys to load in batches, paced by a bucket of `rate` tokens/s holding `burst`. */
interface Job {
  next: number;
  tokens: number;
  last: number;
  readonly rate: number | undefined;
  readonly burst: number;
  /** Loads up to n keys at time t; returns how many (0: nothing left). */
  readonly load: (n: number) => number;
  left: () => number;
}

export function runWarmModel(keys: readonly number[], times: readonly number[], o: WarmModelOptions, e: CacheEvent, peer: readonly number[] | undefined): WarmModelResult {
  let cache: number[] = [];
  const hits: boolean[] = [];
  let warmupReads = 0;
  let peerCopiedKeys = 0;
  let batchCalls = 0;
  const insert = (k: number) => {
    if (cache.length >= o.capacity) cache.shift();
    cache.push(k);
  };
  const jobs: Job[] = [];
  let cursor = 0;

  const applyEvent = () => {
    if (e.warm === 'snapshot' && e.rate === undefined) return; // a snapshot restored at once: nothing lost
    const before = [...cache].reverse(); // most valuable first
    let lost: number[];
    let fromPeer = peer ?? [];
    if (e.kind === 'restart') {
      lost = before;
      cache = [];
    } else {
      lost = before.filter((k) => lostKey(o.seed, e.index, k, e.fraction));
      cache = cache.filter((k) => !lost.includes(k));
      fromPeer = fromPeer.filter((k) => lostKey(o.seed, e.index, k, e.fraction));
    }
    if (e.warm !== 'cold') {
      const list = e.warm === 'snapshot' ? lost : fromPeer;
      let pos = 0;
      const batch = e.rate === undefined ? Math.max(1, list.length) : e.batch;
      jobs.push({
        next: e.at,
        tokens: batch,
        last: e.at,
        rate: e.rate,
        burst: batch,
        left: () => list.length - pos,
        load: (n) => {
          const got: number[] = [];
          while (got.length < n && pos < list.length) {
            const k = list[pos++]!;
            if (!cache.includes(k)) got.push(k);
          }
          if (got.length === 0) return 0;
          for (const k of [...got].reverse()) insert(k);
          if (e.warm === 'snapshot') {
            warmupReads += got.length;
            batchCalls++;
          } else peerCopiedKeys += got.length;
          return got.length;
        },
      });
    }
    const on = o.onEvent;
    if (on !== undefined && (on.eventKeys !== null || lost.length > 0)) {
      const limit = on.eventKeys ?? (e.kind === 'restart' ? Math.max(lost.length, o.capacity) : lost.length);
      let loaded = 0;
      jobs.push({
        next: e.at,
        tokens: on.batch,
        last: e.at,
        rate: on.rateLimit,
        burst: on.batch,
        left: () => limit - loaded,
        load: (n) => {
          // Source order from the cursor, wrapping, uncached keys only.
          const got: number[] = [];
          if (cache.length >= o.sourceKeys) return 0;
          for (let scanned = 0; got.length < n && scanned < o.sourceKeys; scanned++) {
            if (!cache.includes(cursor)) got.push(cursor);
            cursor = (cursor + 1) % o.sourceKeys;
          }
          if (got.length === 0) return 0;
          for (const k of got) insert(k);
          warmupReads += got.length;
          batchCalls++;
          loaded += got.length;
          return got.length;
        },
      });
    }
  };

  /** Runs every step due at or before t, the warm-up's first. */
  const runSteps = (t: number) => {
    for (const job of jobs) {
      while (job.next <= t) {
        const now = job.next;
        if (job.rate !== undefined) {
          job.tokens = Math.min(job.burst, job.tokens + ((now - job.last) * job.rate) / 1000);
          job.last = now;
        }
        const n = Math.min(job.burst, job.left(), job.rate === undefined ? Infinity : Math.floor(job.tokens + 1e-6));
        const got = job.load(n);
        job.tokens -= got;
        if (got === 0 && n > 0) job.next = Infinity;
        else if (job.left() <= 0) job.next = Infinity;
        else if (job.rate === undefined) job.next = now;
        else {
          const need = Math.min(job.burst, job.left());
          job.next = job.tokens >= need ? now : now + ((need - job.tokens) * 1000) / job.rate;
        }
      }
    }
  };

  let applied = false;
  keys.forEach((key, i) => {
    const t = times[i]!;
    if (!applied && t >= e.at) {
      applied = true;
      applyEvent();
    }
    runSteps(t);
    const at = cache.indexOf(key);
    if (at >= 0) {
      cache.splice(at, 1);
      cache.push(key);
      hits.push(true);
    } else {
      hits.push(false);
      if (key < o.sourceKeys) insert(key);
    }
  });
  return { hits, warmupReads, peerCopiedKeys, batchCalls, finalOrder: cache };
}
