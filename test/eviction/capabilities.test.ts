// The capability flags mean one thing for every registered policy. mayReject: insert may refuse a
// newcomer that fits in the cache (an admission duel, or a size rule of the policy's own: larger than
// 2Q's Ain, an SLRU segment, S3-FIFO's small queue, W-TinyLFU's window). A policy declaring
// mayReject false admits every newcomer no larger than its capacity, whatever came before; one
// declaring true is shown refusing one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { declaredDefaults } from '../../src/core/param-decl.ts';
import { NOT_CACHED } from '../../src/strategies/eviction/eviction-policy.ts';
import { allPolicySpecs } from '../../src/strategies/eviction/registry.ts';

type Op = readonly [key: number, size: number];

/** Replays requests (find, else insert with the op's size, at most the capacity); the number of refused inserts. */
function refusals(name: string, capacity: number, ops: readonly Op[]): number {
  const spec = allPolicySpecs().find((s) => s.name === name)!;
  const policy = spec.create(capacity, 64, declaredDefaults(spec.params));
  let refused = 0;
  for (const [key, size] of ops) {
    if (policy.find(key) !== NOT_CACHED) continue;
    if (policy.insert(key, Math.min(size, capacity)) === NOT_CACHED) refused++;
  }
  return refused;
}

const opsArb = fc.array(fc.tuple(fc.nat({ max: 63 }), fc.integer({ min: 1, max: 300 })), { maxLength: 200 });

describe('capabilities', () => {
  for (const spec of allPolicySpecs()) {
    if (spec.capabilities.mayReject) {
      it(`${spec.name} declares mayReject and does refuse a newcomer that fits`, () => {
        // A newcomer as large as the cache: larger than any share a policy reserves for newcomers.
        // W-TinyLFU refuses it too (its window is 1 % of the cache).
        const capacity = 1000;
        expect(refusals(spec.name, capacity, [[1, capacity]])).toBeGreaterThan(0);
      });
    } else {
      it(`${spec.name} declares mayReject false: every newcomer no larger than the cache is admitted`, () => {
        fc.assert(
          fc.property(fc.integer({ min: 1, max: 300 }), opsArb, (capacity, ops) => {
            expect(refusals(spec.name, capacity, ops)).toBe(0);
          }),
          { numRuns: 60 },
        );
      });
    }
  }
});
