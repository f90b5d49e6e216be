// Duration flags, single-flight coalescing and the sub-millisecond delay queue.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.ts';
import { DelayQueue } from './delay.ts';
import { parseDuration } from './duration.ts';
import { SingleFlight } from './single-flight.ts';

describe('parseDuration', () => {
  const range = { min: 1, max: 3_600_000 };
  it("reads units and bare numbers in the flag's own unit", () => {
    expect(parseDuration('duration', '30s', 's', range)).toBe(30_000);
    expect(parseDuration('duration', '500ms', 's', range)).toBe(500);
    expect(parseDuration('duration', '2m', 's', range)).toBe(120_000);
    expect(parseDuration('duration', '1.5', 's', range)).toBe(1500);
    expect(parseDuration('timeout', '250', 'ms', range)).toBe(250);
    expect(parseDuration('timeout', undefined, 'ms', range)).toBeUndefined();
  });
  it('refuses junk, zero and out-of-range values, naming the flag', () => {
    expect(() => parseDuration('duration', '30 sec', 's', range)).toThrow(/--duration: "30 sec" is not a duration/);
    expect(() => parseDuration('duration', '0s', 's', range)).toThrow(ConfigError);
    expect(() => parseDuration('duration', '2h', 's', range)).toThrow(/out of range/);
    expect(() => parseDuration('duration', ['1s', '2s'], 's', range)).toThrow(/given 2 times/);
  });
});

describe('SingleFlight', () => {
  it("lets concurrent callers for one key share the leader's read, and reads again once it settled", async () => {
    const sf = new SingleFlight<number, number>();
    let reads = 0;
    let release!: (v: number) => void;
    const read = () => {
      reads++;
      return new Promise<number>((r) => (release = r));
    };
    const a = sf.run(7, read);
    const b = sf.run(7, read);
    const c = sf.run(8, () => Promise.resolve(80));
    expect([a.leader, b.leader, c.leader]).toEqual([true, false, true]);
    expect(reads).toBe(1);
    release(70);
    expect(await b.promise).toBe(70);
    expect(await a.promise).toBe(70);
    expect(sf.joined).toBe(1);
    await Promise.resolve();
    expect(sf.size).toBe(0);
    const d = sf.run(7, () => Promise.resolve(71));
    expect(d.leader).toBe(true);
    expect(await d.promise).toBe(71);
  });
  it('shares failures too, and forgets them', async () => {
    const sf = new SingleFlight<number, number>();
    const a = sf.run(1, () => Promise.reject(new Error('down')));
    const b = sf.run(1, () => Promise.resolve(1));
    await expect(a.promise).rejects.toThrow('down');
    await expect(b.promise).rejects.toThrow('down');
    await new Promise((r) => setImmediate(r));
    expect(sf.run(1, () => Promise.resolve(2)).leader).toBe(true);
  });
  it('does nothing when disabled', () => {
    const sf = new SingleFlight<number, number>(false);
    expect(sf.run(1, () => Promise.resolve(1)).leader).toBe(true);
    expect(sf.run(1, () => Promise.resolve(1)).leader).toBe(true);
    expect(sf.joined).toBe(0);
  });
});

describe('DelayQueue', () => {
  // On a virtual clock: the order and "never early" do not depend on how busy the machine is (on the
  // real clock, two waits created 0.2 ms apart on a starved process swap places).
  it('resolves waits in due order, never early, sub-millisecond ones without a 1 ms timer floor', async () => {
    let now = 0;
    const q = new DelayQueue(() => now);
    const order: number[] = [];
    const at: number[] = [];
    const delays = [5, 0.3, 2, 0.1, 12, 0];
    const waits = delays.map((ms, i) =>
      q.wait(ms).then(() => {
        order.push(i);
        at[i] = now;
      }),
    );
    // Advance the clock 0.05 ms per turn of the event loop until every wait has resolved.
    for (let turns = 0; q.pending > 0 && turns < 100_000; turns++) {
      now += 0.05;
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(waits);
    expect(order).toEqual([5, 3, 1, 2, 0, 4]);
    const early = delays.filter((ms, i) => at[i]! < ms);
    expect(early).toEqual([]);
    // Waits due within the spin window are polled every turn, so they resolve within a turn or two
    // of being due, not a millisecond late as a setTimeout would.
    const late = delays.filter((ms, i) => ms <= 1 && at[i]! - ms > 0.15);
    expect(late).toEqual([]);
    expect(q.pending).toBe(0);
  });
});
