// Every property test is reproducible from the seed it prints. CI runs the suite with a fixed seed
// (FC_SEED, default below) and prints a fresh one (FC_SEED_FRESH) that the seed-sweep test uses.
import fc from 'fast-check';

const seed = Number(process.env.FC_SEED ?? 20261124);
fc.configureGlobal({ seed, numRuns: Number(process.env.FC_NUM_RUNS ?? 100) });

// The many runs the suite makes write report.html but no report.png (each would start a browser);
// the browser tests ask for their screenshots explicitly (write-report.ts, screenshotByDefault).
process.env.BB_NO_SCREENSHOT ??= '1';
