// Progress off a terminal: a plain line every few seconds with a measured ETA, on an injected clock.
import { describe, expect, it } from 'vitest';
import { createProgress, durationText, Eta } from './progress.ts';

function fakeStream(isTTY = false) {
  const lines: string[] = [];
  return { lines, stream: { isTTY, write: (s: string) => lines.push(s) } };
}

describe('progress off a terminal', () => {
  it('writes a plain line at most every lineEveryMs, with percent, counts, elapsed and ETA', () => {
    let t = 0;
    const { lines, stream } = fakeStream();
    const p = createProgress('replaying', undefined, 'requests', { stream, now: () => t, lineEveryMs: 5000, timer: false });
    p.update(0, 1_000_000);
    t = 2000;
    p.update(200_000, 1_000_000);
    expect(lines).toEqual([]); // not yet 5 s
    t = 5000;
    p.update(500_000, 1_000_000);
    // 500,000 requests in 5 s: 500,000 left take 5 s more.
    expect(lines).toEqual(['replaying: 50% (500,000/1,000,000 requests), 5 s elapsed, ETA 5 s\n']);
    t = 6000;
    p.update(600_000, 1_000_000);
    expect(lines).toHaveLength(1);
    t = 10_000;
    p.update(800_000, 1_000_000);
    expect(lines[1]).toBe('replaying: 80% (800,000/1,000,000 requests), 10 s elapsed, ETA 3 s\n');
    p.stop();
  });
  it('--no-progress writes nothing, whatever the stream', () => {
    let t = 0;
    const { lines, stream } = fakeStream();
    const p = createProgress('x', false, 'requests', { stream, now: () => t, lineEveryMs: 1, timer: false });
    t = 100;
    p.update(1, 2);
    expect(lines).toEqual([]);
  });
});

describe('the sweep ETA is measured on the cells computed in this run, weighted by their cost', () => {
  it('reused cells do not count as speed; a costly first cell is not extrapolated as if every cell were as slow', () => {
    let t = 0;
    const { lines, stream } = fakeStream();
    const p = createProgress('sweep', undefined, 'cells', { stream, now: () => t, lineEveryMs: 1000, timer: false });
    // 10 cells, 4 reused from an earlier run; the 6 to compute cost 3 + 1 x 5 = 8 units.
    p.update(4, 10, { done: 0, total: 8 });
    t = 30_000; // the costly cell took 30 s: 3 units in 30 s, 5 units left -> 50 s
    p.update(5, 10, { done: 3, total: 8 });
    expect(lines.at(-1)).toBe('sweep: 50% (5/10 cells), 30 s elapsed, ETA 50 s\n');
    t = 40_000; // one more unit in 10 s: 4 units in 40 s, 4 left -> 40 s
    p.update(6, 10, { done: 4, total: 8 });
    expect(lines.at(-1)).toBe('sweep: 60% (6/10 cells), 40 s elapsed, ETA 40 s\n');
  });
  it('says -- until something was measured', () => {
    const eta = new Eta(() => 0);
    expect(eta.secondsLeft(4, 10)).toBeUndefined();
    expect(eta.secondsLeft(4, 10)).toBeUndefined();
    expect(durationText(undefined)).toBe('--');
    expect(durationText(185)).toBe('3m 05s');
    expect(durationText(7620)).toBe('2h 07m');
  });
});

describe('withProgress', () => {
  it('reports requests read so far, and passes every other member through', async () => {
    const { withProgress } = await import('./progress-stream.ts');
    let left = 10;
    const inner = {
      sourceKeys: 10,
      keySpace: 10,
      requests: 10,
      nextChunk(c: { length: number }) {
        c.length = Math.min(4, left);
        left -= c.length;
        return c.length > 0;
      },
    };
    const seen: [number, number][] = [];
    const s = withProgress(inner as never as import('../core/types.ts').RequestStream, (d, t) => seen.push([d, t]));
    expect(s.requests).toBe(10);
    expect(s.keySpace).toBe(10);
    const chunk = { keys: new Uint32Array(4), times: new Float64Array(4), length: 0 };
    while (s.nextChunk(chunk)) {
      /* read through */
    }
    expect(seen).toEqual([
      [4, 10],
      [8, 10],
      [10, 10],
      [10, 10],
    ]);
  });
});
