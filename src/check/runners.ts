// Where the check runs the suite: the deterministic replay in this process (comparisons with the
// baseline) or in a worker process of some git tree (--against); CPU samples always in a fresh
// worker process each, so that each sample also carries the process-to-process variation.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../core/errors.ts';
import { moduleUrl } from '../core/module-url.ts';
import type { StrategyResult } from '../runner/result.ts';
import { runCpuSample, runDeterministic, type CellSpec, type CpuRoundResult, type CpuRoundSpec, type RunSpec } from './engine.ts';
import type { ResolvedStrategy } from '../runner/strategy-config.ts';

export interface TreeRunner {
  /** For reports: "working tree", "main (abc1234)". */
  readonly label: string;
  runDeterministic(spec: RunSpec): Promise<Record<string, StrategyResult>>;
  close(): Promise<void>;
}

export type CpuSampleSpec = CpuRoundSpec & { readonly rounds: number };

/** Takes one CPU sample of a tree: per cell, the median ratio over `rounds` rounds. */
export interface CpuSampler {
  readonly label: string;
  sample(spec: CpuSampleSpec): Promise<CpuRoundResult>;
}

export class InProcessRunner implements TreeRunner {
  constructor(readonly label = 'working tree') {}
  async runDeterministic(spec: RunSpec): Promise<Record<string, StrategyResult>> {
    return runDeterministic(spec);
  }
  async close(): Promise<void> {}
}

/** Samples in this process (tests: `resolve` can swap in a modified strategy). */
export class InProcessSampler implements CpuSampler {
  constructor(
    readonly label: string,
    private readonly resolve?: (c: CellSpec, sourceKeys: number) => ResolvedStrategy,
  ) {}
  sample(spec: CpuSampleSpec): Promise<CpuRoundResult> {
    return runCpuSample(spec, this.resolve);
  }
}

/**
 * How a worker process loads its tree: that tree's TypeScript sources through its tsx (any git
 * tree, built or not), or the module this code was compiled with (the working tree run from dist/).
 */
export type WorkerEntry = 'sources' | 'this-build';

function workerArgs(entry: WorkerEntry): string[] {
  return entry === 'sources' ? ['--import', 'tsx', 'src/check/worker.ts'] : [fileURLToPath(moduleUrl('./worker', import.meta.url))];
}

/** Each sample in a fresh worker process of the tree at `root`. */
export class ProcessSampler implements CpuSampler {
  constructor(
    readonly label: string,
    readonly root: string,
    readonly entry: WorkerEntry = 'sources',
  ) {}
  async sample(spec: CpuSampleSpec): Promise<CpuRoundResult> {
    const w = new WorkerRunner(this.label, this.root, this.entry);
    try {
      return await w.runCpuSample(spec);
    } finally {
      await w.close();
    }
  }
}

interface Reply {
  readonly seq: number;
  readonly ok: boolean;
  readonly result?: unknown;
  readonly error?: string;
  readonly configError?: boolean;
}

/** A worker process running check/worker of the tree at `root` (see WorkerEntry). */
export class WorkerRunner implements TreeRunner {
  private readonly child: ChildProcess;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private exited: Error | undefined;

  constructor(
    readonly label: string,
    readonly root: string,
    entry: WorkerEntry = 'sources',
  ) {
    this.child = spawn(process.execPath, workerArgs(entry), { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = createInterface({ input: this.child.stdout! });
    lines.on('line', (line) => {
      let reply: Reply;
      try {
        reply = JSON.parse(line) as Reply;
      } catch {
        process.stderr.write(`[${label}] ${line}\n`);
        return;
      }
      const p = this.pending.get(reply.seq);
      if (!p) return;
      this.pending.delete(reply.seq);
      if (reply.ok) p.resolve(reply.result);
      else p.reject(reply.configError ? new ConfigError(`${label}: ${reply.error}`) : new Error(`${label}: ${reply.error}`));
    });
    const fail = (e: Error) => {
      this.exited = e;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    this.child.on('error', (e) => fail(new Error(`${label}: cannot start the check worker: ${e.message}`)));
    this.child.on('exit', (code, signal) => fail(new Error(`${label}: the check worker exited (${signal ?? `status ${code}`})`)));
  }

  private request<T>(cmd: string, spec?: unknown): Promise<T> {
    if (this.exited) return Promise.reject(this.exited);
    const seq = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(seq, { resolve: resolve as (v: unknown) => void, reject });
      this.child.stdin!.write(`${JSON.stringify({ seq, cmd, spec })}\n`);
    });
  }

  hello(): Promise<{ protocol: number; node: string }> {
    return this.request('hello');
  }
  runDeterministic(spec: RunSpec): Promise<Record<string, StrategyResult>> {
    return this.request('deterministic', spec);
  }
  runCpuSample(spec: CpuSampleSpec): Promise<CpuRoundResult> {
    return this.request('cpu', spec);
  }
  async close(): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin!.end();
    const timer = setTimeout(() => this.child.kill(), 5000);
    await done;
    clearTimeout(timer);
  }
}
