// The Twitter fixtures replayed with their operations and TTLs through `bench --trace` (the real CLI
// entry point), into the `ttl` strategy (LRU + demand fill + expiry; its default ttl, 60 s, is
// longer than twitter-tiny.trace, so only the trace's own TTLs expire anything).
//
// twitter-tiny.trace by hand, unbounded capacity (k1, k2, k3; times in s; a write's TTL is its key's from then on):
//   0 get k1   miss (cold), filled           7  --
//   1 get k1   hit                           9  get k2  k2 expired at 3 + 5 = 8: an EXPIRED MISS, refilled
//   2 set k2   (ttl 5) k2 v1; not cached     10 get k3  miss, filled
//   3 get k2   miss, filled (v1, ttl 5 s)    11 delete k3  k3 v1, removed whatever the mode
//   4 set k1   k1 v1: the write mode acts    12 get k3  miss
//   5 get k1   invalidate: miss; update:     13 get k1  hit (update, none: stale under none)
//              hit (v1); none: hit, STALE
//   6 gets k2  hit (6 < 8)
// Reads 9; source writes 3 (2 writes + 1 delete); expired misses 1.
//   invalidate: hits 1, 6, 13 = 3; stale 0.   update: hits 1, 5, 6, 13 = 4; stale 0.
//   none: hits 1, 5, 6, 13 = 4; stale 2 (5 and 13 serve k1's version 0 after its write).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { captureStdio, stderr, stdout } from '../helpers/cli.ts';
import { fixture, tempDir } from '../helpers/traces.ts';

captureStdio();
const dir = tempDir();
let outs = 0;

interface Result {
  strategy: string;
  requests: number;
  hits: number;
  misses: number;
  freshness?: { writes: number; staleReads: number; expiredMisses: number };
}

async function bench(trace: string, ...flags: string[]): Promise<Result> {
  const code = await main(['bench', '--trace', fixture(trace), '--strategies', 'ttl', '--format', 'json', '--out', join(dir, `r${outs++}`), '--no-progress', ...flags]);
  expect(code, stderr).toBe(0);
  return (JSON.parse(stdout) as { results: Result[] }).results[0]!;
}

describe('twitter-tiny.trace replayed with its operations and TTLs', () => {
  it.each([
    ['invalidate', 3, 0],
    ['update', 4, 0],
    ['none', 4, 2],
  ] as const)('write mode %s: reads, hits, stale reads and the expired miss as counted by hand', async (mode, hits, stale) => {
    const r = await bench('twitter-tiny.trace', '--capacity', 'unbounded', '--write-mode', mode);
    expect(r.requests).toBe(9);
    expect(r.hits).toBe(hits);
    expect(r.misses).toBe(9 - hits);
    expect(r.freshness).toMatchObject({ writes: 3, staleReads: stale, expiredMisses: 1 });
  });

  it.each(['invalidate', 'update', 'none'] as const)('twitter-small.trace, unbounded, write mode %s: hits, stale reads and expired misses equal a plain model of the file', async (mode) => {
    const want = plainModel(readFileSync(fixture('twitter-small.trace'), 'utf8'), mode);
    const r = await bench('twitter-small.trace', '--capacity', 'unbounded', '--write-mode', mode);
    // 299 reads, 88 writes, 13 deletes (trace stats counts them; test/traces/ops-ttls.test.ts).
    expect(r.requests).toBe(299);
    expect(r.freshness!.writes).toBe(88 + 13);
    expect({ hits: r.hits, stale: r.freshness!.staleReads, expired: r.freshness!.expiredMisses }).toEqual(want);
    expect(want.expired).toBeGreaterThan(0);
    if (mode === 'none') expect(want.stale).toBeGreaterThan(0);
  });
});

/**
 * The fixture's records through a Map: versions bumped by writes and deletes, a write's TTL its
 * key's from then on (else 60 s, the ttl preset's), expiry when now >= expiresAt, the write mode's
 * cache side (a delete always removes).
 */
function plainModel(text: string, mode: 'invalidate' | 'update' | 'none'): { hits: number; stale: number; expired: number } {
  const version = new Map<string, number>();
  const keyTtl = new Map<string, number>();
  const cache = new Map<string, { version: number; expiresAt: number }>();
  const ttlOf = (k: string) => keyTtl.get(k) ?? 60_000;
  let hits = 0;
  let stale = 0;
  let expired = 0;
  for (const line of text.trim().split('\n')) {
    const [t, key, , , , op, ttl] = line.split(',') as [string, string, string, string, string, string, string];
    const now = Number(t) * 1000;
    const cur = version.get(key) ?? 0;
    if (op !== 'get' && op !== 'gets') {
      version.set(key, cur + 1);
      if (Number(ttl) > 0) keyTtl.set(key, Number(ttl) * 1000);
      const e = cache.get(key);
      if (op === 'delete' || mode === 'invalidate') cache.delete(key);
      else if (mode === 'update' && e !== undefined) cache.set(key, { version: cur + 1, expiresAt: now + ttlOf(key) });
      continue;
    }
    const e = cache.get(key);
    if (e !== undefined && now < e.expiresAt) {
      hits++;
      if (e.version < cur) stale++;
      continue;
    }
    if (e !== undefined) expired++;
    cache.set(key, { version: cur, expiresAt: now + ttlOf(key) });
  }
  return { hits, stale, expired };
}
