// Every property test is reproducible from the seed it prints. CI runs the suite with a fixed seed
// (FC_SEED, default below) and prints a fresh one (FC_SEED_FRESH) that the seed-sweep test uses.
import fc from 'fast-check';

const seed = Number(process.env.FC_SEED ?? 20261124);
fc.configureGlobal({ seed, numRuns: Number(process.env.FC_NUM_RUNS ?? 100) });
