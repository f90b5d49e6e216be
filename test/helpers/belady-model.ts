// Belady's MIN written plainly, for checking clairvoyant strategies: an array for the cache, and
// each key's next use found by scanning forward. O(n * capacity) a miss: fine for small streams.
export interface BeladyStep {
  readonly hit: boolean;
  readonly demandReads: number;
  readonly evictions: number;
  readonly size: number;
}

/**
 * Demand fill at `capacity` (undefined: unbounded). On a miss with the cache full, the key among the
 * cached ones and the incoming one whose next request is farthest (or never) is left out; when that
 * is the incoming key, it is served but not cached. Keys >= sourceKeys are absent: never cached.
 */
export function naiveBelady(keys: readonly number[], sourceKeys: number, capacity: number | undefined): BeladyStep[] {
  const cache: number[] = [];
  const steps: BeladyStep[] = [];
  let demandReads = 0;
  let evictions = 0;
  const nextUse = (k: number, after: number) => {
    for (let j = after + 1; j < keys.length; j++) if (keys[j] === k) return j;
    return Infinity;
  };
  keys.forEach((key, i) => {
    let hit = false;
    if (cache.includes(key)) hit = true;
    else {
      demandReads++;
      if (key < sourceKeys) {
        if (capacity === undefined || cache.length < capacity) cache.push(key);
        else {
          let victim = 0;
          for (let c = 1; c < cache.length; c++) if (nextUse(cache[c]!, i) > nextUse(cache[victim]!, i)) victim = c;
          if (nextUse(key, i) < nextUse(cache[victim]!, i)) {
            cache[victim] = key;
            evictions++;
          }
        }
      }
    }
    steps.push({ hit, demandReads, evictions, size: cache.length });
  });
  return steps;
}

/** Demand-fill LRU, plainly: hits per request. */
export function naiveLruHits(keys: readonly number[], sourceKeys: number, capacity: number): number {
  const recency: number[] = [];
  let hits = 0;
  for (const key of keys) {
    const at = recency.indexOf(key);
    if (at >= 0) {
      hits++;
      recency.splice(at, 1);
      recency.unshift(key);
    } else if (key < sourceKeys) {
      recency.unshift(key);
      if (recency.length > capacity) recency.pop();
    }
  }
  return hits;
}
