// A plain model of the source queue: an event-by-event simulation with an array of servers and an
// array for the waiting line, nothing clever. At each event time t, in this order: servers whose call
// completed by t are free; free servers take waiting calls (demand first when backfill is low, else
// in arrival order); waiting calls whose timeout is reached by t leave (failed); calls arriving at t
// start on a free server, are refused when the line is full, or join the line. The time spent at
// each line length is summed between events. SourceQueue must give the same outcomes, exactly.
export interface ModelCall {
  readonly t: number;
  readonly service: number;
  /** 0 demand, 1 backfill. */
  readonly cls: 0 | 1;
}

export type ModelOutcome = { readonly done: number } | { readonly failed: 'rejected' | 'timeout'; readonly at: number };

export interface ModelResult {
  readonly outcomes: ModelOutcome[];
  /** timeAt[n]: time with n calls waiting, from the first arrival to the last completion. */
  readonly timeAt: number[];
  readonly maxLength: number;
  readonly busy: number;
}

export function runQueueModel(calls: readonly ModelCall[], servers: number, limit: number, timeout: number, lowBackfill: boolean): ModelResult {
  const busyUntil: number[] = Array.from({ length: servers }, () => -Infinity);
  const waiting: number[] = []; // indices of waiting calls, in arrival order
  const outcomes: ModelOutcome[] = [];
  const timeAt: number[] = [];
  let maxLength = 0;
  let busy = 0;
  let lastCompletion = -Infinity;
  let next = 0;
  let lastT = calls.length > 0 ? calls[0]!.t : 0;

  const freeServer = (t: number) => busyUntil.findIndex((b) => b <= t);
  const start = (i: number, t: number) => {
    const s = freeServer(t);
    busyUntil[s] = t + calls[i]!.service;
    busy += calls[i]!.service;
    outcomes[i] = { done: t + calls[i]!.service };
    lastCompletion = Math.max(lastCompletion, t + calls[i]!.service);
  };
  const timeOuts = (t: number) => {
    for (let w = 0; w < waiting.length; w++) {
      const i = waiting[w]!;
      if (calls[i]!.t + timeout <= t) {
        outcomes[i] = { failed: 'timeout', at: calls[i]!.t + timeout };
        waiting.splice(w--, 1);
      }
    }
  };

  while (next < calls.length || waiting.length > 0) {
    // The next event: an arrival, a server freeing while calls wait, or a waiting call's timeout.
    let t = next < calls.length ? calls[next]!.t : Infinity;
    if (waiting.length > 0) {
      // Calls wait only while every server is busy, so each busyUntil is after lastT here.
      for (const b of busyUntil) t = Math.min(t, b);
      for (const i of waiting) t = Math.min(t, calls[i]!.t + timeout);
    }
    timeAt[waiting.length] = (timeAt[waiting.length] ?? 0) + (t - lastT);
    lastT = t;
    // Free servers take waiting calls.
    while (waiting.length > 0 && freeServer(t) >= 0) {
      let w = 0;
      if (lowBackfill) {
        const d = waiting.findIndex((i) => calls[i]!.cls === 0);
        if (d >= 0) w = d;
      }
      const i = waiting.splice(w, 1)[0]!;
      start(i, t);
    }
    timeOuts(t);
    // Arrivals at t.
    while (next < calls.length && calls[next]!.t === t) {
      const i = next++;
      if (freeServer(t) >= 0) start(i, t);
      else if (waiting.length >= limit) outcomes[i] = { failed: 'rejected', at: t };
      else {
        waiting.push(i);
        maxLength = Math.max(maxLength, waiting.length);
      }
    }
    timeOuts(t); // a timeout of 0 fails a call the moment it joins the line
  }
  if (lastCompletion > lastT) timeAt[0] = (timeAt[0] ?? 0) + (lastCompletion - lastT);
  return { outcomes, timeAt, maxLength, busy };
}
