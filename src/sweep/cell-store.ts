// Finished sweep cells on disk: DIR/cells/<key>.json, one file per cell, keyed by the hash of its
// configuration and written atomically (a temporary file, then rename) the moment the cell finishes.
// An interrupted sweep therefore keeps every finished cell, and a rerun computes only what is missing.
// Shards write disjoint files, so `sweep merge` is a union of folders.
import { createHash } from 'node:crypto';
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

/** SHA-256 of the record's JSON text (JSON.parse then JSON.stringify gives back the same text). */
function checksum(record: CellRecord): string {
  return createHash('sha256').update(JSON.stringify(record)).digest('hex');
}

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

  /** The record of a cell, or undefined when it is missing, unreadable, of another format or another key, or fails its checksum. */
  read(key: string): CellRecord | undefined {
    const r = this.check(key);
    return r.ok ? r.record : undefined;
  }

  /** A cell's record, or why it cannot be trusted ("missing" when there is no file). */
  check(key: string): { ok: true; record: CellRecord } | { ok: false; why: string } {
    const path = join(this.dir, `${key}.json`);
    if (!existsSync(path)) return { ok: false, why: 'missing' };
    let stored: CellRecord & { sha256?: unknown };
    try {
      stored = JSON.parse(readFileSync(path, 'utf8')) as CellRecord & { sha256?: unknown };
    } catch {
      return { ok: false, why: 'unreadable (not JSON)' };
    }
    if (stored === null || typeof stored !== 'object') return { ok: false, why: 'not a cell record' };
    const { sha256, ...record } = stored;
    if (record.format !== CELL_FORMAT || record.key !== key) return { ok: false, why: 'of another format or cell' };
    // The checksum covers the record as written: an edited or damaged cell is recomputed, never trusted.
    if (sha256 !== checksum(record as CellRecord)) return { ok: false, why: sha256 === undefined ? 'has no checksum' : 'does not match its checksum (edited or damaged)' };
    return { ok: true, record: record as CellRecord };
  }

  write(record: CellRecord): void {
    mkdirSync(this.dir, { recursive: true });
    writeFileAtomic(join(this.dir, `${record.key}.json`), `${JSON.stringify({ ...record, sha256: checksum(record) })}\n`);
  }
}
