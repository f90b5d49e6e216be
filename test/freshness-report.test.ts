// Freshness through the commands (issue 14): a bench with writes and a ttl prints hit ratio, stale
// ratio, staleness p99, refresh reads and peak source load side by side within 120 columns; its
// files carry the freshness group (summary.csv, summary.json) and the per-window columns, which sum
// to the totals; a run without writes, ttl or refresh has none of it; a sweep reports and
// constrains the freshness metrics.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.ts';
import { FRESHNESS_METRICS } from '../src/runner/metrics.ts';

/** Rows of a CSV without quoted fields, keyed by the header. */
function parse(text: string): Record<string, string>[] {
  const [head, ...lines] = text.trim().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
}

const tmp = () => join(mkdtempSync(join(tmpdir(), 'bb-fresh-')), 'out');
// 20,000 reads at 4,000/s over 4,000 keys: 5 s of virtual time; a 2-s ttl expires entries often.
const BASE = ['bench', '--workload', 'zipf', '--requests', '20000', '--rate', '4000', '--keys', '4000', '--no-progress'];
const HEADERS = ['hit ratio', 'stale ratio', 'staleness p99 ms', 'refresh reads', 'peak src keys/s'];

describe('freshness in bench and sweep reports', () => {
  it('bench with writes and a ttl: the key figures side by side, the files with every freshness column, the series summing to the totals', async () => {
    const out = tmp();
    const r = await runCli([...BASE, '--writes', '200/s', '--write-mode', 'none', '--ttl', '2s', '--strategies', 'ttl,refresh-ahead,swr,xfetch', '--out', out]);
    expect(r.code).toBe(0);
    const table = r.stdout.split('\n').filter((l) => l.startsWith('|'));
    expect(table.length).toBe(6);
    expect(Math.max(...r.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(120);
    for (const h of HEADERS) expect(table[0]).toContain(` ${h} `);
    const summary = parse(readFileSync(join(out, 'summary.csv'), 'utf8'));
    expect(summary.map((s) => s.strategy)).toEqual(['ttl', 'refresh-ahead', 'swr', 'xfetch']);
    for (const m of FRESHNESS_METRICS) expect(Object.keys(summary[0]!)).toContain(m.id);
    const by = Object.fromEntries(summary.map((s) => [s.strategy, s]));
    // Writes are the same for every strategy (one write process, interleaved once): about 200/s x 5 s.
    expect(new Set(summary.map((s) => s.writes)).size).toBe(1);
    expect(Number(by.ttl!.writes)).toBeGreaterThan(800);
    // write mode none: cached values go stale until they expire or are reloaded.
    for (const s of summary) expect(Number(s.staleReads)).toBeGreaterThan(0);
    expect(Number(by.ttl!.expiredMisses)).toBeGreaterThan(0);
    expect(Number(by.ttl!.refreshReads)).toBe(0);
    expect(Number(by['refresh-ahead']!.refreshReads)).toBeGreaterThan(0);
    expect(Number(by.swr!.revalidations)).toBeGreaterThan(0);
    expect(Number(by.swr!.expiredMisses)).toBeLessThan(Number(by.ttl!.expiredMisses));
    for (const s of summary) {
      expect(Number(s.staleReadRatio)).toBe(Number(s.staleReads) / Number(s.requests));
      // Refresh reads are source load: in source reads and calls.
      expect(Number(s.sourceReads)).toBe(Number(s.demandReads) + Number(s.backfilledKeys) + Number(s.refreshReads));
    }
    const doc = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { results: { strategy: string; freshness: { stalenessMs: { p99: number } } }[] };
    expect(doc.results[0]!.freshness.stalenessMs.p99).toBe(Number(by.ttl!.stalenessP99Ms));
    const rows = parse(readFileSync(join(out, 'timeseries.csv'), 'utf8'));
    for (const s of summary) {
      const own = rows.filter((x) => x.strategy === s.strategy);
      const sum = (c: string) => own.reduce((t, x) => t + Number(x[c]), 0);
      expect({ staleReads: sum('staleReads'), expiredMisses: sum('expiredMisses'), refreshReads: sum('refreshReads') }).toEqual({
        staleReads: Number(s.staleReads),
        expiredMisses: Number(s.expiredMisses),
        refreshReads: Number(s.refreshReads),
      });
    }
  });

  it('a run without writes, ttl or refresh has no freshness column anywhere', async () => {
    const out = tmp();
    const r = await runCli([...BASE, '--strategies', 'none,lru-backfill', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('stale');
    // (The parameter columns name every strategy parameter, refresh and ttl included; the metrics follow them.)
    const head = readFileSync(join(out, 'summary.csv'), 'utf8').split('\n')[0]!.split(',');
    expect(head.slice(head.indexOf('requests')).join(',')).not.toMatch(/stale|expired|refresh|writes/i);
    expect(readFileSync(join(out, 'timeseries.csv'), 'utf8').split('\n')[0]).not.toMatch(/stale|expired|refresh/i);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).not.toContain('freshness');
  });

  it('a sweep shows the freshness figures and takes them as constraints', async () => {
    const out = tmp();
    const r = await runCli([
      'sweep',
      '--workload',
      'zipf',
      '--requests',
      '20000',
      '--rate',
      '4000',
      '--keys',
      '2000',
      '--writes',
      '200/s',
      '--write-mode',
      'none',
      '--strategies',
      'ttl,refresh-ahead',
      '--param',
      'ttl=500ms,4s',
      '--target',
      'staleReadRatio<=0.9',
      '--budget',
      'refreshReads<=1e9',
      '--no-progress',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    const cells = parse(readFileSync(join(out, 'sweep.csv'), 'utf8'));
    expect(cells.length).toBe(4);
    for (const c of cells) expect(c.meetsConstraints).toBe(String(Number(c.staleReadRatio) <= 0.9 && Number(c.refreshReads) <= 1e9));
    // A shorter ttl serves fewer stale reads (values are reloaded sooner) and misses more on expiry.
    const ttl = (ms: string) => cells.find((c) => c.strategy === 'ttl' && c.ttl === ms)!;
    expect(Number(ttl('500').staleReadRatio)).toBeLessThan(Number(ttl('4000').staleReadRatio));
    expect(Number(ttl('500').expiredMisses)).toBeGreaterThan(Number(ttl('4000').expiredMisses));
    const md = readFileSync(join(out, 'sweep.md'), 'utf8');
    expect(md).toMatch(/stale-read ratio \d\.\d{4} \(staleness p99 [\d,]+ ms\)/);
    // The pick's source reads include its background reloads (refresh-ahead) or not (ttl).
    expect(md).toMatch(/It reads the source (only on misses|on misses and for [\d,]+ keys reloaded in the background) \(no backfill\)/);
    expect(md).toContain('| stale ratio |');
    // opt models no writes: no reference cell is tried (and refused) for it.
    expect(r.stderr).not.toContain('failed');
    expect(md).toContain('(No `opt` reference line: it models no writes at the source.)');
  });
});
