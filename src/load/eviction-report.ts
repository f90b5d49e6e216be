// The report of `load --redis-evicts`: each Redis policy's measured hit ratio beside the exact policy
// it approximates (same requests, same capacity in keys), the cost of the approximation in
// percentage points, and how the capacity became maxmemory.
import { stringify } from 'csv-stringify/sync';
import { CSV_CAST } from '../report/csv-number.ts';
import { formatMetric, markdownTable } from '../report/markdown.ts';
import type { ResolvedWorkload } from '../workloads/workload-config.ts';
import type { LoadSettings } from './load-report.ts';
import type { RedisEvictingResult } from './redis-eviction.ts';
import { CAPACITY_UNBOUNDED } from '../strategies/strategy-params.ts';

export interface EvictionLoadReport {
  readonly workload: ResolvedWorkload;
  readonly seed: number;
  readonly durationMs: number;
  readonly settings: LoadSettings;
  readonly cacheLabel: string;
  readonly sourceLabel: string;
  /** Redis's LFU tunables as the server had them (lfu-log-factor, lfu-decay-time). */
  readonly lfuSettings: Readonly<Record<string, string>>;
  readonly runs: readonly RedisEvictingResult[];
  readonly failed: readonly { readonly name: string; readonly reason: string }[];
  readonly interrupted: boolean;
}

export function evictionReportStatus(r: EvictionLoadReport): 'complete' | 'partial' | 'checks-failed' {
  if (r.interrupted || r.failed.length > 0 || r.runs.some((x) => x.status === 'partial')) return 'partial';
  return r.runs.some((x) => x.failedChecks.length > 0) ? 'checks-failed' : 'complete';
}

interface Column {
  readonly id: string;
  readonly header: string;
  readonly digits: number;
  get(x: RedisEvictingResult): number | undefined;
}

/** The table's columns, declared once (Markdown and CSV). */
export const EVICTION_COLUMNS: readonly Column[] = [
  { id: 'hitRatio', header: 'Redis hit ratio', digits: 4, get: (x) => x.hitRatio },
  { id: 'exactHitRatio', header: 'exact hit ratio', digits: 4, get: (x) => x.exact.hitRatio },
  { id: 'costPp', header: 'approx. cost pp', digits: 2, get: (x) => (x.exact.hitRatio - x.hitRatio) * 100 },
  { id: CAPACITY_UNBOUNDED.name, header: 'capacity keys', digits: 0, get: (x) => x.capacity },
  { id: 'keysAtEnd', header: 'keys held at end', digits: 0, get: (x) => x.keysAtEnd },
  { id: 'bytesPerKey', header: 'B/key', digits: 1, get: (x) => x.bytesPerKey },
  { id: 'maxmemory', header: 'maxmemory B', digits: 0, get: (x) => x.maxmemoryCalibrated },
  { id: 'maxmemoryMin', header: 'corrected min B', digits: 0, get: (x) => x.maxmemoryRange[0] },
  { id: 'maxmemoryMax', header: 'corrected max B', digits: 0, get: (x) => x.maxmemoryRange[1] },
  { id: 'requests', header: 'requests', digits: 0, get: (x) => x.clientHits + x.clientMisses },
  { id: 'evictedKeys', header: 'evicted', digits: 0, get: (x) => x.evictedKeys },
  { id: 'achievedRate', header: 'achieved/s', digits: 1, get: (x) => x.achievedRate },
  { id: 'latencyP50Ms', header: 'p50 ms', digits: 3, get: (x) => x.latencyMs.p50 },
  { id: 'latencyP99Ms', header: 'p99 ms', digits: 3, get: (x) => x.latencyMs.p99 },
  { id: 'errors', header: 'errors', digits: 0, get: (x) => x.errors },
  { id: 'timeouts', header: 'timeouts', digits: 0, get: (x) => x.timeouts },
];

const show = (digits: number, v: number | undefined) => (v === undefined ? '—' : formatMetric({ digits }, v));

export function renderEvictionMarkdown(r: EvictionLoadReport): string {
  const w = r.workload;
  const header = ['Redis policy', 'samples', 'exact policy', ...EVICTION_COLUMNS.map((c) => c.header), 'status'];
  const rows = r.runs.map((x) => [x.policy, String(x.samples), x.exact.policy, ...EVICTION_COLUMNS.map((c) => show(c.digits, c.get(x))), x.status === 'complete' ? 'complete' : 'PARTIAL']);
  const lines = [
    `Live load test with Redis evicting by itself, workload ${w.name}: ${w.summary}; target ${w.rate.toLocaleString('en-US')} requests/s for ${(r.durationMs / 1000).toLocaleString('en-US')} s, open loop; seed ${r.seed}.`,
    `Cache: ${r.cacheLabel}, cache-aside (GET; on a miss read the source and SET), no strategy: Redis keeps within maxmemory with its own policy. Source: ${r.sourceLabel}.`,
    `Capacity: maxmemory is Redis's used_memory measured holding exactly "capacity keys" of the run's keys (B/key = measured growth per key, overhead included); "keys held at end" is what Redis kept. Client buffers also count toward maxmemory and swing with the traffic, so while Redis evicts, maxmemory is corrected every 250 ms by (capacity - keys held) x B/key (range shown); which keys go stays Redis's choice.`,
    `Exact policy: the registered policy Redis approximates replays the same requests at the same capacity in keys (demand fill); "approx. cost pp" = exact hit ratio - Redis hit ratio, in percentage points. Redis LFU settings: ${Object.entries(
      r.lfuSettings,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}.`,
    '',
    markdownTable(header, rows, [false, true, false, ...EVICTION_COLUMNS.map(() => true), false]),
    '',
  ];
  const status = evictionReportStatus(r);
  if (status === 'complete') lines.push("All runs complete; client hit/miss counts equal the server's keyspace_hits/keyspace_misses.");
  for (const x of r.runs) {
    if (x.status === 'partial')
      lines.push(
        `- ${x.name}: PARTIAL: ${x.partialReasons.join(', ')}${
          x.errorCauses.length > 0
            ? `. Causes: ${x.errorCauses
                .slice(0, 3)
                .map((c) => `${c.count} x ${c.message}`)
                .join('; ')}`
            : ''
        }`,
      );
    for (const c of x.failedChecks) lines.push(`- ${x.name}: CROSS-CHECK FAILED: ${c}`);
  }
  for (const f of r.failed) lines.push(`- ${f.name}: not run to the end: ${f.reason}`);
  lines.push('');
  return lines.join('\n');
}

export function renderEvictionJson(r: EvictionLoadReport): string {
  const w = r.workload;
  const doc = {
    kind: 'load-redis-evicts',
    workload: { name: w.name, generator: w.generator, summary: w.summary, rate: w.rate, ...w.params },
    seed: r.seed,
    durationMs: r.durationMs,
    settings: r.settings,
    cache: r.cacheLabel,
    source: r.sourceLabel,
    lfuSettings: r.lfuSettings,
    status: evictionReportStatus(r),
    interrupted: r.interrupted,
    failed: r.failed,
    results: r.runs,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function renderEvictionCsv(r: EvictionLoadReport): string {
  const columns = ['workload', 'seed', 'redisPolicy', 'maxmemorySamples', 'exactPolicy', 'status', ...EVICTION_COLUMNS.map((c) => c.id)];
  const rows = r.runs.map((x) => [r.workload.name, r.seed, x.policy, x.samples, x.exact.policy, x.status, ...EVICTION_COLUMNS.map((c) => c.get(x) ?? '')]);
  return stringify([columns, ...rows], { cast: CSV_CAST });
}
