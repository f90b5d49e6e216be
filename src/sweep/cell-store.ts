// Finished sweep cells on disk: DIR/cells/<key>.json, one file per cell, keyed by the hash of its
// configuration and written atomically (a temporary file, then rename) the moment the cell finishes.
// An interrupted sweep therefore keeps every finished cell, and a rerun computes only what is missing.
// Shards write disjoint files, so `sweep merge` is a union of folders.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.ts';
import type { StrategyResult } from '../runner/result.ts';
import type { CurveData } from './cell-task.ts';

/** Bumped when the engine changes what a cell's result would be: old cells are then ignored. */
export const CELL_FORMAT = 1;

export interface ResultRecord {
  readonly format: number;
  readonly key: string;
  readonly kind: 'result';
  readonly strategy: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly method: string;
  readonly result: StrategyResult;
}

export interface CurveRecord {
  readonly format: number;
  readonly key: string;
  readonly kind: 'curve';
  readonly curve: CurveData;
}

export type CellRecord = ResultRecord | CurveRecord;

const KEY = /^[0-9a-f]{16}$/;

export class CellStore {
  readonly dir: string;

  constructor(sweepDir: string) {
    this.dir = join(sweepDir, 'cells');
  }

  /** Keys of the cells on disk (files that parse and match their name are checked on read). */
  keys(): Set<string> {
    if (!existsSync(this.dir)) return new Set();
    return new Set(
      readdirSync(this.dir)
        .filter((f) => f.endsWith('.json') && KEY.test(f.slice(0, -5)))
        .map((f) => f.slice(0, -5)),
    );
  }

  /** The record of a cell, or undefined when it is missing, unreadable, of another format or another key. */
  read(key: string): CellRecord | undefined {
    const path = join(this.dir, `${key}.json`);
    if (!existsSync(path)) return undefined;
    try {
      const rec = JSON.parse(readFileSync(path, 'utf8')) as CellRecord;
      if (rec.format !== CELL_FORMAT || rec.key !== key) return undefined;
      return rec;
    } catch {
      return undefined;
    }
  }

  write(record: CellRecord): void {
    mkdirSync(this.dir, { recursive: true });
    writeFileAtomic(join(this.dir, `${record.key}.json`), `${JSON.stringify(record)}\n`);
  }
}
