// A check worker: runs the engine of the git tree it sits in, driven by the check's main process
// over stdin/stdout (one JSON request per line, one JSON reply per line). `check --against REF`
// starts workers in the working tree and in a temporary worktree of REF (this file and engine.ts are
// copied there), so both trees run the same cells; every CPU sample is taken by a fresh worker.
// Nothing else may write to stdout.
import { createInterface } from 'node:readline';
import { runCpuSample, runDeterministic, type CpuRoundSpec, type RunSpec } from './engine.ts';

export const PROTOCOL = 1;

type Request = { readonly seq: number } & (
  { readonly cmd: 'hello' } | { readonly cmd: 'deterministic'; readonly spec: RunSpec } | { readonly cmd: 'cpu'; readonly spec: CpuRoundSpec & { readonly rounds: number } }
);

async function handle(req: Request): Promise<unknown> {
  switch (req.cmd) {
    case 'hello':
      return { protocol: PROTOCOL, node: process.version, pid: process.pid };
    case 'deterministic':
      return runDeterministic(req.spec);
    case 'cpu':
      return runCpuSample(req.spec);
    default:
      throw new Error(`unknown request ${JSON.stringify((req as { cmd?: unknown }).cmd)}`);
  }
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (line.trim() === '') continue;
  let seq = -1;
  try {
    const req = JSON.parse(line) as Request;
    seq = req.seq;
    const result = await handle(req);
    process.stdout.write(`${JSON.stringify({ seq, ok: true, result })}\n`);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    process.stdout.write(`${JSON.stringify({ seq, ok: false, error: err.message, configError: err.name === 'ConfigError' })}\n`);
  }
}
