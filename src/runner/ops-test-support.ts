// Test support for runs with operations: a plain unbounded cache that takes writes (until the
// freshness strategy exists it stands in for one), as a StrategySpec the runner can resolve.
// `invalidate` drops a written key; `none` keeps serving the cached version (stale reads, which the
// verified replay accepts because lastVersion says which version was served); `lie` claims the
// current version while serving the cached one (the verified replay must catch it).
import { OP_DELETE } from '../core/ops.ts';
import { ABSENT, type SourceReader, type Strategy, type StrategySpec, type StrategyStats } from '../core/types.ts';
import type { ResolvedStrategy } from './strategy-config.ts';

export type StubMode = 'invalidate' | 'none' | 'lie';

export class VersionedMapCache implements Strategy {
  lastValue = ABSENT;
  lastVersion = 0;
  readonly nextTimerAt = Infinity;
  readonly cached = new Map<number, { value: number; version: number }>();
  readonly writesSeen: { key: number; now: number; op: number; ttlMs: number }[] = [];
  /** Read records' TTLs, as keyTtl heard them. */
  readonly readTtls: { key: number; ttlMs: number }[] = [];
  staleReads = 0;

  constructor(
    private readonly source: SourceReader,
    private readonly mode: StubMode,
  ) {}

  access(key: number): boolean {
    const e = this.cached.get(key);
    if (e !== undefined) {
      this.lastValue = e.value;
      const current = this.source.versionOf(key);
      if (e.version < current) this.staleReads++;
      this.lastVersion = this.mode === 'lie' ? current : e.version;
      return true;
    }
    const value = this.source.read(key);
    this.lastValue = value;
    this.lastVersion = this.source.versionOf(key);
    if (value >= 0) this.cached.set(key, { value, version: this.lastVersion });
    return false;
  }

  write(key: number, now: number, op: number, ttlMs: number): void {
    this.writesSeen.push({ key, now, op, ttlMs });
    if (this.mode === 'invalidate' || op === OP_DELETE) this.cached.delete(key);
  }

  keyTtl(key: number, ttlMs: number): void {
    this.readTtls.push({ key, ttlMs });
  }

  onTimer(): void {}
  stats(): StrategyStats {
    return { backfills: 0, backfilledKeys: 0, backfillWaste: 0, backfillRejected: 0, backfillEvictedBeforeUse: 0, evictions: 0, finalSize: this.cached.size, maxBatchLoaded: 0 };
  }
  finish(): void {}
}

/** A resolved strategy running VersionedMapCache; `made` receives each instance the runner creates. */
export function stubStrategy(mode: StubMode, made: VersionedMapCache[] = [], name = `stub-${mode}`): ResolvedStrategy {
  const spec: StrategySpec = {
    name,
    summary: 'test stub: an unbounded map cache that takes writes',
    traits: [],
    params: [],
    defaults: () => ({}),
    validate: (raw) => raw,
    create(ctx) {
      const s = new VersionedMapCache(ctx.source, mode);
      made.push(s);
      return s;
    },
  };
  return { name, spec: spec as ResolvedStrategy['spec'], params: {} };
}
