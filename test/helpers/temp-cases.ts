// A temporary folder for one test file, removed after it, handing out a new empty sub-folder per case.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export function tempCases(prefix: string): { readonly tmp: string; fresh(): string } {
  const tmp = mkdtempSync(join(tmpdir(), `${prefix}-`));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  let n = 0;
  return {
    tmp,
    fresh: () => {
      const d = join(tmp, `case-${n++}`);
      mkdirSync(d);
      return d;
    },
  };
}
