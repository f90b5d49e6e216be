// Runs the CLI in-process, capturing stdout and stderr, and returns the exit code.
import { afterEach, beforeEach, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(argv: readonly string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** What the CLI wrote during the current test, with captureStdio() (live bindings). */
export let stdout = '';
export let stderr = '';

export function resetCaptured(): void {
  stdout = '';
  stderr = '';
}

/** For every test of the calling file: capture process.stdout and stderr writes into stdout/stderr. */
export function captureStdio(): void {
  beforeEach(() => {
    resetCaptured();
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  });
  afterEach(() => vi.restoreAllMocks());
}
