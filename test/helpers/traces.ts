// Reading trace fixtures in tests: the whole stream as arrays, through the same path `bench` uses.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnyRequestStream } from '../../src/core/types.ts';
import { createChunk, openWorkload } from '../../src/workloads/stream.ts';
import { validateWorkload, type ResolvedWorkload } from '../../src/workloads/workload-config.ts';
import { TWITTER_FIXTURES, writeTwitterFixtures } from '../fixtures/traces/twitter-fixtures.ts';

export const FIXTURES = fileURLToPath(new URL('../fixtures/traces/', import.meta.url));

/** The generated fixtures' folder (the Twitter traces: made once per test process, removed at its exit). */
let generated: string | undefined;

/** A trace fixture's path: committed ones from FIXTURES, the Twitter ones written to a temp folder first. */
export function fixture(name: string): string {
  if (!(TWITTER_FIXTURES as readonly string[]).includes(name)) return join(FIXTURES, name);
  if (generated === undefined || !existsSync(generated)) {
    const dir = mkdtempSync(join(tmpdir(), 'bb-twitter-'));
    writeTwitterFixtures(dir);
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    generated = dir;
  }
  return join(generated, name);
}

export function traceWorkload(path: string, fields: Record<string, unknown> = {}): ResolvedWorkload {
  return validateWorkload(path, { workload: 'trace', path, ...fields }, path);
}

export interface ReadStream {
  readonly keys: number[];
  readonly times: number[];
  readonly sourceKeys: number;
  readonly keySpace: number;
  readonly requests: number;
}

/** Every request of a stream, read in small chunks (to cross chunk boundaries). */
export async function readStream(stream: AnyRequestStream, chunkSize = 5): Promise<ReadStream> {
  const chunk = createChunk(chunkSize);
  const keys: number[] = [];
  const times: number[] = [];
  while (await stream.nextChunk(chunk)) {
    for (let i = 0; i < chunk.length; i++) {
      keys.push(chunk.keys[i]!);
      times.push(chunk.times[i]!);
    }
  }
  return { keys, times, sourceKeys: stream.sourceKeys, keySpace: stream.keySpace, requests: stream.requests };
}

export async function readTrace(path: string, fields: Record<string, unknown> = {}, seed = 1): Promise<ReadStream & { workload: ResolvedWorkload }> {
  const { stream, workload } = await openWorkload(traceWorkload(path, fields), seed);
  return { ...(await readStream(stream)), workload };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'bb-traces-'));
}
