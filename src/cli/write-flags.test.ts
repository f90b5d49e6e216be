// Writes at the edges: a workload file's "writes" fields (file:line errors, exit 2), the flags
// (--writes, --write-weights, --write-mode) over the file, and the commands that do not simulate
// writes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/helpers/cli.ts';
import { resolveWorkload } from '../workloads/workload-config.ts';

const tmp = mkdtempSync(join(tmpdir(), 'bb-writes-'));
const file = (name: string, text: string) => {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
};

describe('writes in a workload file', () => {
  it('are read as rate, weights and mode; absent when none is given', () => {
    const path = file('ok.json', JSON.stringify({ workload: 'uniform', keys: 100, writes: '25/s', writeWeights: 'inverse' }));
    expect(resolveWorkload(path).writes).toEqual({ rate: 25, weights: 'inverse', mode: 'invalidate', weightsGiven: true });
    expect(resolveWorkload(path, { writes: 0 }).writes).toEqual({ rate: undefined, weights: 'inverse', mode: 'invalidate', weightsGiven: true });
    expect(resolveWorkload(path, { writes: 'trace', writeMode: 'none' }).writes?.rate).toBe('trace');
    expect(resolveWorkload('zipf').writes).toBeUndefined();
    expect(Object.keys(resolveWorkload('zipf'))).not.toContain('writes');
  });

  it('point at the line of a bad value, with what is allowed', async () => {
    const path = file('bad.json', '{\n  "workload": "uniform",\n  "keys": 10,\n  "writes": "fast"\n}\n');
    const r = await runCli(['bench', '--workload', path, '--no-progress']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `backfill-bench: ${path}:4:3: "writes" is "fast"; allowed: "N/s" or N (writes per virtual second, N > 0), 0 or "off" (none), or "trace" (the trace's own write records), at most 1000000000000/s`,
    );
    const mode = file('mode.json', '{\n  "workload": "uniform",\n  "writeMode": "delete"\n}\n');
    const m = await runCli(['bench', '--workload', mode, '--no-progress']);
    expect(m.code).toBe(2);
    expect(m.stderr.trim()).toMatch(new RegExp(`^backfill-bench: ${mode.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:3: "writeMode" is "delete"; allowed: "invalidate", "update", "none"`));
  });
});

describe('the write flags', () => {
  it('name the flag in an error', async () => {
    const r = await runCli(['bench', '--writes', '-3', '--no-progress']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^backfill-bench: --writes: "writes" is "-3"; allowed: /);
    const w = await runCli(['bench', '--writes', '10', '--write-weights', 'popular', '--no-progress']);
    expect(w.code).toBe(2);
    expect(w.stderr.trim()).toMatch(/^backfill-bench: --write-weights: .*"uniform", "like-reads", "inverse"/);
  });

  it('are refused by a strategy that does not model freshness, naming it', async () => {
    const r = await runCli(['bench', '--workload', 'uniform', '--keys', '100', '--requests', '1000', '--writes', '10/s', '--strategies', 'opt', '--out', join(tmp, 'opt'), '--no-progress']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('strategy opt does not model freshness');
  });

  it('are refused in a sweep by a strategy without them, from a worker thread too (exit 2, not an internal error)', async () => {
    // Every bundle preset models freshness with writes; opt (the optimum of a static source) does not.
    const r = await runCli([
      'sweep',
      '--workload',
      'uniform',
      '--keys',
      '100',
      '--requests',
      '1000',
      '--writes',
      '10/s',
      '--strategies',
      'opt',
      '--param',
      'capacity=10',
      '--workers',
      '1',
      '--out',
      join(tmp, 'sweep'),
      '--no-progress',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      'backfill-bench: strategy opt does not model freshness: it cannot take a stream with writes (--writes, or a trace with operations); leave it out or run without writes',
    );
  });

  it('are refused by the commands that do not simulate writes', async () => {
    for (const args of [
      ['mrc', '--writes', '5'],
      ['trace', 'export', '--to', 'csv', '--output', join(tmp, 'x.csv'), '--write-mode', 'update'],
    ]) {
      const r = await runCli([...args, '--workload', 'uniform', '--keys', '100', '--requests', '100']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/does not simulate writes at the source, and workload uniform has (writes 5\/s|writeMode update)/);
    }
  });
});
