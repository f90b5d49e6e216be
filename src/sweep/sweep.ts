// A sweep, split by concern: plan (the cells of a grid), manifest (sweep.json), run (the pool, the
// cell store), merge (reading folders back and joining shards). This module is their one entry point.
export * from './plan.ts';
export * from './manifest.ts';
export * from './run.ts';
export * from './merge.ts';
