// The write process: a seeded Poisson process of writes at the source over virtual time, at a total
// rate μ (writes per virtual second), each write's key drawn by the weights (write-params.ts):
//
// - uniform: every source key alike, uniform over [0, sourceKeys).
// - like-reads: each key as often as the reads ask for it. Exact when the workload's generator knows
//   its popularity order (uniform, zipf, hotspot: RequestStream.popularity): the write keys come
//   from a second sampler of the same distribution and the same key mapping (permutation), drawing
//   from its own rng. Otherwise (traces, latest, shifting, scan, mix) the key of a uniformly chosen
//   one of the last 2^16 reads of present keys (an estimate that follows popularity as it moves;
//   before the first read, a uniform key).
// - inverse: popularity ranks reversed: the key at rank r (0 = most read) is written as often as
//   the key at rank ranks-1-r is read, so the least-read key is written most. Needs a generator
//   that knows its popularity order (uniform, zipf, hotspot); refused otherwise.
//
// Times: gaps are exponential with mean 1000/μ ms (inversion of one uniform draw each) from
// createRng(seed, 'writes'); keys draw from createRng(seed, 'writes:keys'), so changing the weights
// keeps every write's time. Keys the source does not have are never written. O(1) memory but the
// recent-reads ring (256 KiB) when like-reads has to estimate.
import { ConfigError } from '../../core/errors.ts';
import { createRng } from '../../core/rng.ts';
import type { KeyGenerator, Popularity, Rng } from '../../core/types.ts';
import type { WriteWeights } from './write-params.ts';

/** Reads remembered for the like-reads estimate (a power of two). */
export const RECENT_READS = 1 << 16;

/** The last RECENT_READS present keys read, for the like-reads estimate. */
export class RecentReads {
  private readonly ring = new Uint32Array(RECENT_READS);
  private filled = 0;
  private head = 0;
  push(key: number): void {
    this.ring[this.head] = key;
    this.head = (this.head + 1) & (RECENT_READS - 1);
    if (this.filled < RECENT_READS) this.filled++;
  }
  /** A uniformly chosen remembered read's key, or -1 before any. */
  pick(rng: Rng): number {
    return this.filled === 0 ? -1 : this.ring[rng.nextInt(this.filled)]!;
  }
}

/** Chooses each write's key. `recent`: set when the chooser estimates from the reads (with-writes.ts feeds it). */
interface KeyChooser extends KeyGenerator {
  readonly recent?: RecentReads | undefined;
}

function chooser(weights: WriteWeights, sourceKeys: number, popularity: Popularity | undefined, rng: Rng, what: string): KeyChooser {
  if (weights === 'uniform') return { next: () => rng.nextInt(sourceKeys) };
  if (popularity !== undefined) {
    if (popularity.ranks !== sourceKeys) throw new Error(`write process: the popularity order has ${popularity.ranks} ranks, the source ${sourceKeys} keys`);
    const ranks = popularity.sampler(rng);
    const keyOf = popularity.keyOf;
    const last = sourceKeys - 1;
    return weights === 'like-reads' ? { next: () => keyOf(ranks.next()) } : { next: () => keyOf(last - ranks.next()) };
  }
  if (weights === 'inverse') {
    throw new ConfigError(
      `writeWeights inverse needs a workload whose popularity order is known (uniform, zipf or hotspot generators); ${what} has none: use like-reads (estimated from the recent reads) or uniform`,
      'writeWeights',
    );
  }
  const recent = new RecentReads();
  return {
    recent,
    next: () => {
      const k = recent.pick(rng);
      return k >= 0 ? k : rng.nextInt(sourceKeys);
    },
  };
}

export interface WriteProcessOptions {
  readonly seed: number;
  /** Writes per virtual second (> 0). */
  readonly rate: number;
  readonly weights: WriteWeights;
  readonly sourceKeys: number;
  /** The generator's popularity order, when it has one (exact like-reads and inverse). */
  readonly popularity?: Popularity | undefined;
  /** The workload, named in errors. */
  readonly what?: string;
}

export class WriteProcess {
  /** Virtual time (ms) of the next write. */
  nextAt = 0;
  /** Set when like-reads estimates from the recent reads: the stream's reads of present keys go in. */
  readonly recent: RecentReads | undefined;
  private readonly times: Rng;
  private readonly keys: KeyChooser;
  private readonly meanGapMs: number;

  constructor(o: WriteProcessOptions) {
    if (!(o.rate > 0) || !Number.isFinite(o.rate)) throw new Error(`write process: rate ${o.rate}`);
    if (o.sourceKeys < 1) throw new ConfigError('writes: the source has no keys to write', 'writes');
    this.times = createRng(o.seed, 'writes');
    this.keys = chooser(o.weights, o.sourceKeys, o.popularity, createRng(o.seed, 'writes:keys'), o.what ?? 'this workload');
    this.recent = this.keys.recent;
    this.meanGapMs = 1000 / o.rate;
    this.advance();
  }

  /** The next write's time: an exponential gap after this one. */
  advance(): void {
    // 1 - U is in (0, 1]: the gap is finite.
    this.nextAt += -Math.log(1 - this.times.nextDouble()) * this.meanGapMs;
  }

  /** The key of the write due now (drawn when it is made: like-reads' estimate sees the reads before it). */
  key(): number {
    return this.keys.next();
  }
}
