// Events at the edges: --event flags and a workload file's "events" (file:line errors, exit 2), the
// header and run.json of a run with events, and the commands that do not simulate a timeline.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/helpers/cli.ts';
import { resolveWorkload } from '../workloads/workload-config.ts';
import { parseEvent } from '../events/parse-event.ts';

const tmp = mkdtempSync(join(tmpdir(), 'bb-events-'));
const file = (name: string, text: string) => {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
};

describe('events in a workload file', () => {
  it('are read, strings and objects, in the order given', () => {
    const path = file('ok.json', JSON.stringify({ workload: 'uniform', keys: 100, events: ['shift@2s:by=5', { kind: 'outage', at: '1s', for: '500ms' }] }));
    expect(resolveWorkload(path).events).toEqual([parseEvent('shift@2s:by=5', 'x'), parseEvent('outage@1s:for=500ms', 'x')]);
    expect(resolveWorkload('zipf').events).toBeUndefined();
  });

  it('point at the line of the bad event, with what is allowed', async () => {
    const path = file('bad.json', '{\n  "workload": "uniform",\n  "events": [\n    "restart@60s",\n    { "kind": "lose", "at": "30s", "nodes": 0 }\n  ]\n}\n');
    const r = await runCli(['bench', '--workload', path, '--no-progress']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`backfill-bench: ${path}:5:5: lose event: nodes=0 is not allowed; nodes is an integer 1 .. 1000000`);
  });
});

describe('--event', () => {
  it('notes on stderr the events that come after the last request', async () => {
    const r = await runCli([
      'bench',
      '--workload',
      'uniform',
      '--keys',
      '100',
      '--requests',
      '5000',
      '--strategies',
      'none',
      '--event',
      'shift@0.2s',
      '--event',
      'outage@1h:for=1s',
      '--out',
      join(tmp, 'late'),
      '--no-progress',
    ]);
    expect(r.code).toBe(0);
    // 5,000 requests at 10,000/s end before 1 s: the outage at 1 h comes after them, the shift does not.
    expect(r.stderr).toContain('note: outage@1h:for=1s comes after the last request (before 1 s of virtual time): no effect on the run');
  });

  it('refuses a bad event with exit 2 and the flag named', async () => {
    const r = await runCli(['bench', '--event', 'restart@60s', '--event', 'outage@1m', '--no-progress']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('backfill-bench: --event "outage@1m": outage event: give its duration, e.g. outage@1m:for=10s');
  });

  it('runs with the events in the header, summary.json and run.json', async () => {
    const out = join(tmp, 'run');
    const r = await runCli(['bench', '--workload', 'uniform', '--keys', '1000', '--requests', '20000', '--strategies', 'none', '--event', 'shift@1s:by=7', '--out', out, '--no-progress']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Events: shift@1s:by=7 (each strategy also ran a twin without them');
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { events: string[] };
    expect(run.events).toEqual(['shift@1s:by=7']);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { events: string[]; results: { failedReads: number }[] };
    expect(summary.events).toEqual(['shift@1s:by=7']);
    expect(summary.results[0]!.failedReads).toBe(0);
  });

  it('is refused by commands that do not simulate a timeline, when the workload file has events', async () => {
    const path = file('mrc.json', JSON.stringify({ workload: 'uniform', keys: 100, requests: 1000, events: ['shift@1s'] }));
    const r = await runCli(['mrc', '--workload', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`mrc does not simulate timeline events, and workload ${path} has shift@1s; events apply to bench and sweep`);
  });
});

describe('events in a regression suite file', () => {
  it('run with the suite workload, and a bad one points at its line', async () => {
    const { loadSuite } = await import('../check/suite.ts');
    const { runDeterministic } = await import('../check/engine.ts');
    const suite = (events: unknown[]) => ({
      seed: 1,
      workloads: { small: { workload: 'uniform', keys: 50, requests: 2000, events } },
      cells: [{ workload: 'small', strategy: 'none', params: { capacity: 10 } }],
    });
    const s = loadSuite(file('suite-ok.json', JSON.stringify(suite(['shift@50ms:by=1']), null, 2)));
    const results = await runDeterministic({ seed: s.seed, latency: { ...s.latency }, cells: s.cells });
    expect(Object.values(results)[0]).toHaveProperty('failedReads', 0);
    const bad = file('suite-bad.json', JSON.stringify(suite(['shift@50ms', 'outage@1s']), null, 2));
    expect(() => loadSuite(bad)).toThrow(`${bad}:10:9: outage event: give its duration, e.g. outage@1s:for=10s`);
  });
});

describe('a restart end to end', () => {
  it('bench --event restart prints the warm-up columns in a table that fits 120 columns', async () => {
    const out = join(tmp, 'restart');
    const r = await runCli(['bench', '--workload', 'zipf', '--keys', '10000', '--requests', '100000', '--event', 'restart@5s', '--strategies', 'none,lru-backfill', '--out', out, '--no-progress']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Events: restart@5s');
    expect(r.stdout).toMatch(/\| strategy +\| .*\| time to warm s \| warm-up debt \|/);
    expect(Math.max(...r.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(120);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { results: { warmup: { warmupDebt: number; eventAtMs: number } }[] };
    expect(summary.results.map((x) => x.warmup.eventAtMs)).toEqual([5000, 5000]);
    // A cold restart of a demand-fill LRU cache on zipf loses hits against its twin.
    expect(summary.results[0]!.warmup.warmupDebt).toBeGreaterThan(0);
  });
});
