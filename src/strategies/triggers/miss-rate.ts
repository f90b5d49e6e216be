// The reference design's trigger: on a miss, once at least MIN_LOOKUPS lookups were seen, backfill
// when round(miss_rate, 4) >= threshold. The miss rate is cumulative (as in the reference) or over a
// sliding window of the last `window` lookups.
import { RoundedRateAtLeast } from '../../core/python-round.ts';
import { THRESHOLD, WINDOW } from '../strategy-params.ts';
import type { RequestTrigger, TriggerSpec } from './trigger.ts';

/** The reference waits for 3 lookups: cold-start misses are expected. */
export const MIN_LOOKUPS = 3;

export class MissRateTrigger implements RequestTrigger {
  readonly watchesHits: boolean;
  private readonly atLeast: RoundedRateAtLeast;
  /** Ring of the last `window` outcomes (1 = miss); empty for the cumulative rate. */
  private readonly ring: Uint8Array;
  private ringPos = 0;
  private ringMisses = 0;

  constructor(
    threshold: number,
    readonly window: number | undefined,
  ) {
    this.atLeast = new RoundedRateAtLeast(threshold);
    this.ring = new Uint8Array(window ?? 0);
    this.watchesHits = this.ring.length > 0;
  }

  recordHit(): void {
    this.push(0);
  }

  recordMiss(hits: number, misses: number): boolean {
    const total = hits + misses;
    if (this.ring.length === 0) {
      return total >= MIN_LOOKUPS && this.atLeast.test(misses, total);
    }
    this.push(1);
    return total >= MIN_LOOKUPS && this.atLeast.test(this.ringMisses, Math.min(total, this.ring.length));
  }

  private push(outcome: number): void {
    const pos = this.ringPos;
    this.ringMisses += outcome - this.ring[pos]!;
    this.ring[pos] = outcome;
    this.ringPos = pos + 1 === this.ring.length ? 0 : pos + 1;
  }
}

const missRate: TriggerSpec<{ threshold: number; window: number | undefined }> = {
  name: 'miss-rate',
  summary: 'backfill on a miss when the miss rate (cumulative or over a window) >= threshold',
  backfills: true,
  params: [THRESHOLD, WINDOW],
  create: (p) => ({ request: new MissRateTrigger(p.threshold, p.window), intervalMs: Infinity }),
};

export default missRate;
