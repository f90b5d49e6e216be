import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConfigError } from '../core/errors.ts';
import { formatEvent, parseEvent, parseEventList, parseEventValue, resolveEvents, showTime, type EventSpec } from './parse-event.ts';
import { hashUnit, lostKey, WARM_MODES } from './timeline-event.ts';

const W = '--event';

describe('parseEvent', () => {
  it('reads each kind of the syntax, with its defaults', () => {
    expect(parseEvent('restart@60s', W)).toEqual({ kind: 'restart', at: 60_000, warm: 'cold', rate: undefined, batch: 100 });
    expect(parseEvent('restart@60s:warm=snapshot,rate=5000', W)).toEqual({ kind: 'restart', at: 60_000, warm: 'snapshot', rate: 5000, batch: 100 });
    expect(parseEvent('lose@30s:nodes=4,warm=peer,rate=2000', W)).toEqual({ kind: 'lose', at: 30_000, fraction: 0.25, warm: 'peer', rate: 2000, batch: 100 });
    expect(parseEvent('lose@1m:fraction=0.3', W)).toEqual({ kind: 'lose', at: 60_000, fraction: 0.3, warm: 'cold', rate: undefined, batch: 100 });
    expect(parseEvent('shift@90s:by=10000', W)).toEqual({ kind: 'shift', at: 90_000, by: 10_000 });
    expect(parseEvent('shift@90s', W)).toEqual({ kind: 'shift', at: 90_000, by: undefined });
    expect(parseEvent('outage@120s:for=10s', W)).toEqual({ kind: 'outage', at: 120_000, durationMs: 10_000 });
  });

  it('takes ms, s, m, h, and a bare number as seconds', () => {
    expect(parseEvent('restart@250ms', W).at).toBe(250);
    expect(parseEvent('restart@1.5s', W).at).toBe(1500);
    expect(parseEvent('restart@2m', W).at).toBe(120_000);
    expect(parseEvent('restart@1h', W).at).toBe(3_600_000);
    expect(parseEvent('restart@45', W).at).toBe(45_000);
    expect(parseEvent('restart@0s', W).at).toBe(0);
  });

  const bad: [string, RegExp][] = [
    ['restart', /^--event: "restart" is not an event; write KIND@TIME.*e\.g\. restart@60s/],
    ['restrat@60s', /^--event: unknown event "restrat"; did you mean "restart"\?; events: restart, lose, shift, outage/],
    ['restart@60x', /^--event: restart event time: "60x" is not allowed; give a duration >= 0 such as 60s/],
    ['restart@-5s', /restart event time: "-5s" is not allowed/],
    ['restart@60s:warm=hot', /^--event: restart event: warm=hot is not allowed; use cold, snapshot, peer$/],
    ['restart@60s:wram=snapshot', /^--event: restart event: unknown parameter "wram"; did you mean "warm"\?; restart takes warm, rate, batch$/],
    ['restart@60s:rate=5000', /rate paces a warm-up, and warm=cold has none; give warm=snapshot or warm=peer/],
    ['restart@60s:warm=snapshot,rate=0', /rate=0 is not allowed; rate is keys per second, > 0/],
    ['restart@60s:warm=snapshot,batch=1.5', /batch=1.5 is not allowed; batch is an integer 1 \.\. 1e9/],
    ['restart@60s:warm=snapshot,warm=peer', /warm is given twice/],
    ['restart@60s:snapshot', /"snapshot" is not name=value; restart takes warm, rate, batch/],
    ['lose@30s', /lose event: give nodes=N .* or fraction=F .*, one of them/],
    ['lose@30s:nodes=4,fraction=0.25', /one of them/],
    ['lose@30s:fraction=1.5', /fraction=1.5 is not allowed; fraction is a number > 0 and <= 1/],
    ['lose@30s:nodes=0', /nodes=0 is not allowed/],
    ['shift@90s:by=-1', /by=-1 is not allowed; by is an integer 1 \.\. 2\^32/],
    ['outage@120s', /outage event: give its duration, e\.g\. outage@2m:for=10s/],
    ['outage@120s:for=0s', /outage event: for: "0s" is not allowed; give a duration > 0/],
    ['outage@120s:by=3', /outage event: unknown parameter "by"; outage takes for/],
  ];
  it.each(bad)('refuses %s with what is allowed', (text, message) => {
    let err: unknown;
    try {
      parseEvent(text, W);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(message);
  });
});

describe('events in files', () => {
  it('takes strings and objects, numbers as seconds', () => {
    expect(parseEventValue({ kind: 'restart', at: '60s', warm: 'snapshot' }, 'f')).toEqual(parseEvent('restart@60s:warm=snapshot', 'f'));
    expect(parseEventValue({ kind: 'outage', at: 120, for: '10s' }, 'f')).toEqual(parseEvent('outage@120s:for=10s', 'f'));
    expect(parseEventValue({ kind: 'lose', at: '30s', nodes: 4, rate: 2000, warm: 'peer' }, 'f')).toEqual(parseEvent('lose@30s:nodes=4,warm=peer,rate=2000', 'f'));
  });

  it('names the element at fault', () => {
    const fieldOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return [(e as ConfigError).field, (e as Error).message];
      }
      return undefined;
    };
    expect(fieldOf(() => parseEventList(['restart@60s', 'restart@1m:warm=warm'], 'w.json'))).toEqual(['events[1]', 'w.json: restart event: warm=warm is not allowed; use cold, snapshot, peer']);
    expect(fieldOf(() => parseEventList([{ at: '60s' }], 'w.json'))).toEqual(['events[0]', 'w.json: an event object needs "kind": one of restart, lose, shift, outage']);
    expect(fieldOf(() => parseEventList([{ kind: 'restart' }], 'w.json'))?.[1]).toMatch(/^w\.json: restart event: "at" is missing/);
    expect(fieldOf(() => parseEventList([{ kind: 'restart', at: '1s', warm: true }], 'w.json'))?.[1]).toMatch(/"warm" is true; give a number or a string/);
    expect(fieldOf(() => parseEventList([42], 'w.json'))?.[1]).toMatch(/^w\.json: an event is 42/);
    expect(fieldOf(() => parseEventList('restart@60s', 'w.json'))).toEqual(['events', 'w.json: "events" is "restart@60s"; give an array of events, e.g. ["restart@60s", "outage@120s:for=10s"]']);
  });
});

const time = fc.oneof(
  fc.integer({ min: 0, max: 10_000 }).map((s) => s * 1000),
  fc.integer({ min: 0, max: 1e9 }),
  fc.double({ min: 0, max: 1e9, noNaN: true }),
);
const rate = fc.option(fc.double({ min: 1e-3, max: 1e12, noNaN: true }), { nil: undefined });
const batch = fc.integer({ min: 1, max: 1e9 });
const warmed = fc.record({ warm: fc.constantFrom(...WARM_MODES), rate, batch }).map((w) => (w.warm === 'cold' ? { warm: w.warm, rate: undefined, batch: 100 } : w));
const spec: fc.Arbitrary<EventSpec> = fc.oneof(
  fc.tuple(time, warmed).map(([at, w]) => ({ kind: 'restart' as const, at, ...w })),
  fc
    .tuple(
      time,
      warmed,
      fc.oneof(
        fc.integer({ min: 1, max: 1e6 }).map((n) => 1 / n),
        fc.double({ min: Number.MIN_VALUE, max: 1, noNaN: true }),
      ),
    )
    .map(([at, w, fraction]) => ({ kind: 'lose' as const, at, fraction, ...w })),
  fc.tuple(time, fc.option(fc.integer({ min: 1, max: 2 ** 32 }), { nil: undefined })).map(([at, by]) => ({ kind: 'shift' as const, at, by })),
  fc.tuple(time, fc.double({ min: 1e-6, max: 1e9, noNaN: true })).map(([at, durationMs]) => ({ kind: 'outage' as const, at, durationMs })),
);

describe('formatEvent', () => {
  it('round-trips: parseEvent(formatEvent(e)) is e', () => {
    fc.assert(
      fc.property(spec, (e) => {
        expect(parseEvent(formatEvent(e), W)).toEqual(e);
      }),
    );
  });

  it('writes the shortest exact unit', () => {
    expect([0, 500, 1500, 60_000, 90_000, 7_200_000].map(showTime)).toEqual(['0s', '500ms', '1500ms', '1m', '90s', '2h']);
    expect(formatEvent(parseEvent('lose@30s:nodes=4,warm=peer,rate=2000', W))).toBe('lose@30s:nodes=4,warm=peer,rate=2000');
    expect(formatEvent(parseEvent('restart@60s', W))).toBe('restart@1m');
  });
});

describe('resolveEvents', () => {
  it('orders by time, stable, numbers the events and fills the default shift', () => {
    const specs = ['outage@2m:for=5s', 'lose@30s:nodes=2', 'shift@30s', 'restart@10s'].map((t) => parseEvent(t, W));
    const events = resolveEvents(specs, 1234);
    expect(events.map((e) => `${e.kind}@${e.at}`)).toEqual(['restart@10000', 'lose@30000', 'shift@30000', 'outage@120000']);
    expect(events[1]).toMatchObject({ kind: 'lose', index: 1 });
    expect(events[2]).toEqual({ kind: 'shift', at: 30_000, by: 123 }); // round(1234 / 10)
  });
});

describe('lostKey', () => {
  it('is deterministic, depends on seed and event, and loses about the fraction', () => {
    const n = 100_000;
    let lost = 0;
    let sameAcrossSeeds = 0;
    for (let k = 0; k < n; k++) {
      if (lostKey(7, 0, k, 0.25)) lost++;
      if (lostKey(7, 0, k, 0.25) === lostKey(8, 0, k, 0.25)) sameAcrossSeeds++;
      expect(hashUnit(7, 0, k)).toBe(hashUnit(7, 0, k));
    }
    // Binomial(100000, 0.25): sd = sqrt(n p (1-p)) = 137; 5 sd either side.
    expect(Math.abs(lost - n / 4)).toBeLessThan(5 * 137);
    // Independent seeds agree with probability 0.25^2 + 0.75^2 = 0.625: sd = sqrt(n * 0.625 * 0.375) = 153.
    expect(Math.abs(sameAcrossSeeds - 0.625 * n)).toBeLessThan(5 * 153);
  });
});
