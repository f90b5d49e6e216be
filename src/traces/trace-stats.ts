// `trace stats`: what a trace holds, from one pass: requests, distinct keys, one-hit wonders, how
// concentrated the popularity is (share of requests to the top 1 % and 10 % of keys), and the hit
// ratio of an unbounded cache (every request but each key's first is a hit: 1 - distinct/requests).
// A trace with operations adds its op mix (reads, writes, deletes); one with TTLs their distribution
// over the records that carry one (exact quantiles over the distinct TTL values).
// Memory: the dictionary plus one counter per distinct key (and per distinct TTL).
// Popularity figures count every record (reads, writes and deletes alike): they describe the keys.
import { OP_DELETE, OP_READ, OP_WRITE } from '../core/ops.ts';
import { describeFormat, type TraceOptions } from './formats.ts';
import type { RecordSink } from './record-sink.ts';
import { scanTrace } from './trace-index.ts';

export interface TraceStats {
  readonly path: string;
  readonly format: string;
  readonly requests: number;
  readonly distinctKeys: number;
  /** Keys requested exactly once. */
  readonly oneHitWonders: number;
  readonly top1PercentKeys: number;
  /** Share of requests that go to the most requested 1 % of keys (at least one key). */
  readonly top1PercentShare: number;
  readonly top10PercentKeys: number;
  readonly top10PercentShare: number;
  /** 1 - distinct/requests: the hit ratio of a cache that never evicts. */
  readonly unboundedHitRatio: number;
  readonly maxKeyRequests: number;
  /** Timestamps, in the trace's unit, when it has them. */
  readonly firstTime: number | undefined;
  readonly lastTime: number | undefined;
  readonly timeUnit: string | undefined;
  readonly totalBytes: number | undefined;
  /** Sum of each distinct key's size (as first seen): what a cache holding every key holds. */
  readonly workingSetBytes: number | undefined;
  readonly skippedBadRecords: number;
  readonly firstSkipped: string | undefined;
  /** Records by operation, when the trace has operations. */
  readonly ops: { readonly reads: number; readonly writes: number; readonly deletes: number } | undefined;
  /** TTLs (ms) of the records that carry one (> 0), when the trace has TTLs. */
  readonly ttls: TtlStats | undefined;
}

export interface TtlStats {
  /** Records with a TTL (> 0), and writes with one. */
  readonly records: number;
  readonly writes: number;
  readonly minMs: number | undefined;
  readonly p50Ms: number | undefined;
  readonly p99Ms: number | undefined;
  readonly maxMs: number | undefined;
  readonly distinct: number;
  /** The most common TTLs, most frequent first (at most 5). */
  readonly common: readonly { readonly ms: number; readonly records: number }[];
}

/** The nearest-rank quantile q of the values in `counts` (value -> records), given sorted values. */
function quantile(sorted: readonly number[], counts: ReadonlyMap<number, number>, total: number, q: number): number | undefined {
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const v of sorted) {
    seen += counts.get(v)!;
    if (seen >= rank) return v;
  }
  return undefined;
}

function ttlStats(counts: ReadonlyMap<number, number>, writes: number): TtlStats {
  const sorted = [...counts.keys()].sort((a, b) => a - b);
  let records = 0;
  for (const c of counts.values()) records += c;
  const common = [...counts]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, 5)
    .map(([ms, n]) => ({ ms, records: n }));
  return {
    records,
    writes,
    minMs: sorted[0],
    p50Ms: quantile(sorted, counts, records, 0.5),
    p99Ms: quantile(sorted, counts, records, 0.99),
    maxMs: sorted[sorted.length - 1],
    distinct: sorted.length,
    common,
  };
}

export async function traceStats(o: TraceOptions): Promise<TraceStats> {
  let counts = new Uint32Array(1 << 12);
  const count = (sink: RecordSink) => {
    const ids = sink.ids;
    const n = sink.n;
    let max = 0;
    for (let i = 0; i < n; i++) if (ids[i]! > max) max = ids[i]!;
    if (max >= counts.length) {
      let len = counts.length;
      while (len <= max) len *= 2;
      const grown = new Uint32Array(len);
      grown.set(counts);
      counts = grown;
    }
    for (let i = 0; i < n; i++) counts[ids[i]!]!++;
    if (opCounts) for (let i = 0; i < n; i++) opCounts[sink.ops[i]!]!++;
    if (ttlCounts) {
      const ttls = sink.ttls;
      for (let i = 0; i < n; i++) {
        const t = ttls[i]!;
        if (t > 0) {
          ttlCounts.set(t, (ttlCounts.get(t) ?? 0) + 1);
          if (opCounts && sink.ops[i] === OP_WRITE) ttlWrites++;
        }
      }
    }
  };
  // Known once the format is resolved (the first batch comes after): set lazily.
  let opCounts: Float64Array | undefined;
  let ttlCounts: Map<number, number> | undefined;
  let ttlWrites = 0;
  const first = (sink: RecordSink) => {
    if (sink.ops.length > 0) opCounts = new Float64Array(3);
    if (sink.ttls.length > 0) ttlCounts = new Map();
    onRecords = count;
    count(sink);
  };
  let onRecords = first;
  const index = await scanTrace(o, (sink) => onRecords(sink), false);
  const distinct = index.distinct;
  const sorted = counts.slice(0, distinct).sort(); // ascending
  let oneHit = 0;
  for (let i = 0; i < distinct && sorted[i] === 1; i++) oneHit++;
  const topShare = (fraction: number) => {
    const k = Math.max(1, Math.ceil(distinct * fraction));
    let sum = 0;
    for (let i = distinct - k; i < distinct; i++) sum += sorted[i]!;
    return { keys: k, share: sum / index.requests };
  };
  const t1 = topShare(0.01);
  const t10 = topShare(0.1);
  const f = index.format;
  return {
    path: o.path,
    format: describeFormat(f),
    requests: index.requests,
    distinctKeys: distinct,
    oneHitWonders: oneHit,
    top1PercentKeys: t1.keys,
    top1PercentShare: t1.share,
    top10PercentKeys: t10.keys,
    top10PercentShare: t10.share,
    unboundedHitRatio: 1 - distinct / index.requests,
    maxKeyRequests: sorted[distinct - 1] ?? 0,
    firstTime: f.hasTimes ? index.firstTime : undefined,
    lastTime: f.hasTimes ? index.maxTime : undefined,
    timeUnit: f.hasTimes ? f.timeUnit : undefined,
    totalBytes: index.totalBytes,
    workingSetBytes: index.keySizes?.reduce((a, b) => a + b, 0),
    skippedBadRecords: index.skipped,
    firstSkipped: index.skippedSummary,
    ops: f.hasOps && opCounts ? { reads: opCounts[OP_READ]!, writes: opCounts[OP_WRITE]!, deletes: opCounts[OP_DELETE]! } : undefined,
    ttls: f.hasTtls && ttlCounts ? ttlStats(ttlCounts, ttlWrites) : undefined,
  };
}

/** A TTL for people: whole seconds as "60 s", else ms. */
const showTtl = (ms: number | undefined) => (ms === undefined ? '-' : ms % 1000 === 0 ? `${num(ms / 1000)} s` : `${num(ms)} ms`);

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
const num = (x: number) => x.toLocaleString('en-US');

/** The stats as aligned "name: value" lines. */
export function renderTraceStats(s: TraceStats): string {
  const rows: [string, string][] = [
    ['trace', s.path],
    ['format', s.format],
    ['requests', num(s.requests)],
    ['distinct keys', num(s.distinctKeys)],
    ['one-hit wonders', `${num(s.oneHitWonders)} (${pct(s.oneHitWonders / s.distinctKeys)} of keys)`],
    [`top 1 % of keys (${num(s.top1PercentKeys)})`, `${pct(s.top1PercentShare)} of requests`],
    [`top 10 % of keys (${num(s.top10PercentKeys)})`, `${pct(s.top10PercentShare)} of requests`],
    ['most requests to one key', num(s.maxKeyRequests)],
    ['unbounded hit ratio', `${s.unboundedHitRatio.toFixed(6)} (1 - distinct/requests)`],
  ];
  if (s.firstTime !== undefined) rows.push(['time span', `${num(s.lastTime! - s.firstTime)} ${s.timeUnit} (${s.firstTime} .. ${s.lastTime})`]);
  if (s.totalBytes !== undefined) rows.push(['bytes requested', num(s.totalBytes)]);
  if (s.workingSetBytes !== undefined) rows.push(['working set', `${num(s.workingSetBytes)} bytes (each distinct key at its first size; --capacity 10% is a tenth of it)`]);
  if (s.ops) {
    const share = (n: number) => `${num(n)} (${pct(n / s.requests)})`;
    rows.push(['operations', `${share(s.ops.reads)} reads, ${share(s.ops.writes)} writes, ${share(s.ops.deletes)} deletes`]);
  }
  if (s.ttls) {
    const t = s.ttls;
    rows.push(['records with a TTL', `${num(t.records)} (${pct(t.records / s.requests)} of records${s.ops ? `; ${num(t.writes)} of ${num(s.ops.writes)} writes` : ''})`]);
    if (t.records > 0) {
      rows.push(['TTL min / p50 / p99 / max', [t.minMs, t.p50Ms, t.p99Ms, t.maxMs].map(showTtl).join(' / ')]);
      rows.push([`most common TTLs (${num(t.distinct)} distinct)`, t.common.map((c) => `${showTtl(c.ms)} (${num(c.records)})`).join(', ')]);
    }
  }
  rows.push(['bad records skipped', s.skippedBadRecords === 0 ? '0' : `${num(s.skippedBadRecords)} (first: ${s.firstSkipped})`]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return `${rows.map(([k, v]) => `${`${k}:`.padEnd(width + 1)} ${v}`).join('\n')}\n`;
}
