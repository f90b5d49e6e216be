// Reading a sweep folder back, and `merge`: the union of shard folders of the same sweep.
import { ConfigError } from '../core/errors.ts';
import { CellStore, type CellRecord } from './cell-store.ts';
import { readManifest, writeManifest, type Manifest } from './manifest.ts';
import type { PlannedCell } from './plan.ts';

export interface LoadedSweep {
  readonly manifest: Manifest;
  /** Records of the manifest's cells found on disk, by key. */
  readonly records: ReadonlyMap<string, CellRecord>;
  /** Manifest cells with no record (another shard's, or not yet run). */
  readonly missing: readonly PlannedCell[];
}

export function loadSweep(dir: string, manifest = readManifest(dir)): LoadedSweep {
  const store = new CellStore(dir);
  const records = new Map<string, CellRecord>();
  const missing: PlannedCell[] = [];
  for (const c of manifest.cells) {
    const r = store.read(c.key);
    if (r) records.set(c.key, r);
    else missing.push(c);
  }
  return { manifest, records, missing };
}

/** Copies the cells of every shard folder into `out` (they must all be the same sweep). */
export function mergeSweeps(dirs: readonly string[], out: string): LoadedSweep {
  if (dirs.length === 0) throw new ConfigError('sweep merge: give at least one sweep folder');
  const manifests = dirs.map((d) => readManifest(d));
  const first = manifests[0]!;
  manifests.forEach((m, i) => {
    if (m.id !== first.id) throw new ConfigError(`sweep merge: ${dirs[i]} is sweep ${m.id}, ${dirs[0]} is sweep ${first.id}: shards must come from the same command`);
  });
  const target = new CellStore(out);
  const have = target.keys();
  for (const d of dirs) {
    const store = new CellStore(d);
    for (const c of first.cells) {
      if (have.has(c.key)) continue;
      const r = store.read(c.key);
      if (r) {
        target.write(r);
        have.add(c.key);
      }
    }
  }
  writeManifest(out, first);
  return loadSweep(out, first);
}
