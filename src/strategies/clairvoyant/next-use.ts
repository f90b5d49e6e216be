// Each request's next use, from one backward pass over the key sequence: next[i] is the index of
// the next request for keys[i], or NEVER. O(n) time; memory: the n-entry result plus one entry per
// key of the key space.

/** "Not requested again": larger than any request index. */
export const NEVER = 0x7fffffff;

export function nextUses(keys: Uint32Array, keySpace: number): Int32Array {
  const n = keys.length;
  if (n >= NEVER) throw new RangeError(`nextUses: ${n} requests; at most ${NEVER - 1}`);
  const next = new Int32Array(n);
  const seen = new Int32Array(Math.max(1, keySpace)).fill(NEVER);
  for (let i = n - 1; i >= 0; i--) {
    const k = keys[i]!;
    if (k >= seen.length) throw new RangeError(`nextUses: request ${i} has key ${k}, outside the key space ${keySpace}`);
    next[i] = seen[k]!;
    seen[k] = i;
  }
  return next;
}
