// Reads a libCacheSim oracleGeneral trace plainly, for tests that replay it straight into a policy:
// the same plain reader validate:traces uses (scripts/policy-figures.ts), not the engine's decoder.
// Object ids are renumbered densely in order of first appearance, or kept (each below 2^32) with
// `ownIds`: cachesim's own ids, which a policy that hashes its keys as libCacheSim does (w-tinylfu)
// needs to give cachesim's exact misses.
import { readOracleGeneralPlain } from '../../scripts/policy-figures.ts';

export type OracleGeneralTrace = ReturnType<typeof readOracleGeneralPlain>;
export const readOracleGeneral = readOracleGeneralPlain;
