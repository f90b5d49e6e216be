// The two priority classes of source calls. Demand calls are a request's read on a miss (someone is
// waiting for them); backfill calls load keys nobody asked for yet. With `backfillPriority: low`
// demand calls are served first; with `same`, both share one FIFO line.
export const DEMAND = 0;
export const BACKFILL = 1;
export type CallClass = typeof DEMAND | typeof BACKFILL;
