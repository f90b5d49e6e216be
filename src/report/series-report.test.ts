// bench writes the time series: timeseries.csv rows sum to summary.csv's totals per strategy, the
// chart is linked from summary.md, `--format json` carries each result's series, --series-window
// sets the window, and a bad window is a one-line usage error.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/helpers/cli.ts';
import { decodeConfig, DECODE_MAX_REQUESTS } from '../traces/decoded-trace.ts';

/** Rows of a CSV without quoted fields, keyed by the header. */
function parse(text: string): Record<string, string>[] {
  const [head, ...lines] = text.trim().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
}

const tmp = () => join(mkdtempSync(join(tmpdir(), 'bb-series-')), 'out');
const BASE = ['bench', '--workload', 'zipf', '--requests', '30000', '--rate', '2000', '--keys', '2000', '--no-progress'];

describe('bench time series files', () => {
  it('timeseries.csv sums to summary.csv per strategy; summary.md shows the chart; JSON has the series', async () => {
    const out = tmp();
    const r = await runCli([...BASE, '--out', out, '--format', 'json', '--series-window', '2s']);
    expect(r.code).toBe(0);
    const rows = parse(readFileSync(join(out, 'timeseries.csv'), 'utf8'));
    const summary = parse(readFileSync(join(out, 'summary.csv'), 'utf8'));
    expect(summary.length).toBe(4);
    for (const s of summary) {
      const own = rows.filter((x) => x.strategy === s.strategy);
      expect(own.length).toBe(8); // 30,000 requests at 2,000/s: 15 s in 2-second windows
      expect(own.map((x) => Number(x.windowStartS))).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
      const sum = (c: string) => own.reduce((t, x) => t + Number(x[c]), 0);
      expect({
        requests: sum('requests'),
        hits: sum('hits'),
        sourceReads: sum('sourceKeys'),
        sourceCalls: sum('sourceCalls'),
        backfilledKeys: sum('backfilledKeys'),
        evictions: sum('evictions'),
      }).toEqual({
        requests: Number(s.requests),
        hits: Number(s.hits),
        sourceReads: Number(s.sourceReads),
        sourceCalls: Number(s.sourceCalls),
        backfilledKeys: Number(s.backfilledKeys),
        evictions: Number(s.evictions),
      });
      for (const x of own) expect(Number(x.sourceKeysPerSec)).toBe(Number(x.sourceKeys) / 2);
    }
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain('![Hit ratio and source load over virtual time](timeseries.svg)');
    const svg = readFileSync(join(out, 'timeseries.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    for (const s of summary) expect(svg).toContain(`>${s.strategy}<`);
    const doc = JSON.parse(r.stdout) as { results: { strategy: string; requests: number; series: { windowMs: number; requests: number[] } }[] };
    for (const res of doc.results) {
      expect(res.series.windowMs).toBe(2000);
      expect(res.series.requests.reduce((a, b) => a + b, 0)).toBe(res.requests);
    }
  });

  it('with events: the chart marks each (an outage its end too), the rows have failed reads, the table the warm-up figures', async () => {
    const out = tmp();
    const r = await runCli([...BASE, '--strategies', 'none,lru-backfill', '--out', out, '--event', 'outage@3s:for=2s', '--event', 'restart@8s']);
    expect(r.code, r.stderr).toBe(0);
    const svg = readFileSync(join(out, 'timeseries.svg'), 'utf8');
    for (const label of ['>outage@3s:for=2s<', '>outage ends<', '>restart@8s<', '>none (twin, no events)<', '>lru-backfill (twin, no events)<']) expect(svg).toContain(label);
    const doc = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { results: { series: { hits: number[] }; warmup: { twinHits: number[] } }[] };
    for (const res of doc.results) expect(res.warmup.twinHits.length).toBe(res.series.hits.length);
    const rows = parse(readFileSync(join(out, 'timeseries.csv'), 'utf8'));
    const summary = parse(readFileSync(join(out, 'summary.csv'), 'utf8'));
    for (const s of summary) {
      const own = rows.filter((x) => x.strategy === s.strategy);
      expect(own.reduce((t, x) => t + Number(x.failedReads), 0)).toBe(Number(s.failedReads));
      // Reads fail only in the outage's windows, [3 s, 5 s).
      expect(own.filter((x) => Number(x.failedReads) > 0).map((x) => Number(x.windowStartS))).toEqual([3, 4]);
    }
    expect(r.stdout).toContain('time to warm s');
  });

  it('a bad --series-window is a usage error naming the flag and what is allowed', async () => {
    const r = await runCli([...BASE, '--out', tmp(), '--series-window', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--series-window: "soon" is not a duration; use e.g. 30s, 500ms, 2m');
  });
});

describe('a trace whose span is known before it is read', () => {
  it('gets windows wide enough up front (no merged rows), whether decoded in memory or read twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bb-series-trace-'));
    const path = join(dir, 'long.csv');
    // 3,000 requests 2 s apart: 5,998 s, so 1-second windows would need 5,999 rows; 4-second ones need 1,500.
    writeFileSync(path, `key,time\n${Array.from({ length: 3000 }, (_, i) => `${i % 50},${2 * i}`).join('\n')}\n`);
    for (const maxRequests of [DECODE_MAX_REQUESTS, 10]) {
      decodeConfig.maxRequests = maxRequests;
      try {
        const r = await runCli(['bench', '--trace', path, '--strategies', 'none', '--no-progress', '--format', 'json', '--out', join(dir, `out-${maxRequests}`)]);
        expect(r.code, r.stderr).toBe(0);
        const s = (JSON.parse(r.stdout) as { results: { series: { windowMs: number; requests: number[]; percentilesUpperBound?: true } }[] }).results[0]!.series;
        expect([s.windowMs, s.requests.length, s.percentilesUpperBound]).toEqual([4000, 1500, undefined]);
      } finally {
        decodeConfig.maxRequests = DECODE_MAX_REQUESTS;
      }
    }
  });
});
