// validate:traces reads libCacheSim's policy figures from the shared README's tables (not copied):
// capacities in objects or KiB/MiB/GiB, one row per policy; a README without both tables is refused.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.ts';
import { HASH_DEPENDENT, ID_DEPENDENT, readPublishedTables } from '../../scripts/policy-figures.ts';

const dir = mkdtempSync(join(tmpdir(), 'bb-figures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function readme(text: string): string {
  const p = join(dir, `README-${++files}.md`);
  writeFileSync(p, text);
  return p;
}

describe('published policy tables', () => {
  it('reads both tables: sizes in objects and in bytes, misses per policy', () => {
    const p = readme(
      [
        '# x',
        '## Eviction policies on cloudPhysicsIO, as libCacheSim computes them',
        '',
        '| policy | 489 | 10000 |',
        '|---|---|---|',
        '| `lru` | 95,420 | 79,438 |',
        '| `w-tinylfu` | 96,480 | 77,188 |',
        '',
        'Capacity in bytes:',
        '',
        '| policy | 16 MiB | 1 GiB |',
        '|---|---|---|',
        '| `lru` | 95,095 | 71,704 |',
        '',
      ].join('\n'),
    );
    const [objects, bytes] = readPublishedTables(p);
    expect(objects!.mode).toBe('objects');
    expect(objects!.sizes).toEqual([489, 10_000]);
    expect(objects!.misses.get('w-tinylfu')).toEqual([96_480, 77_188]);
    expect(bytes!.mode).toBe('bytes');
    expect(bytes!.sizes).toEqual([16 * 2 ** 20, 2 ** 30]);
    expect(bytes!.misses.get('lru')).toEqual([95_095, 71_704]);
  });

  it('refuses a README without the section or with one table only', () => {
    expect(() => readPublishedTables(readme('# nothing here\n'))).toThrow(ConfigError);
    expect(() => readPublishedTables(readme('## Eviction policies on cloudPhysicsIO\n\n| policy | 489 |\n|---|---|\n| `lru` | 1 |\n'))).toThrow(/two tables/);
  });

  it('every policy is exact; only w-tinylfu depends on the ids (it hashes them as libCacheSim does)', () => {
    expect(Object.keys(HASH_DEPENDENT)).toEqual([]);
    expect(Object.keys(ID_DEPENDENT)).toEqual(['w-tinylfu']);
  });
});
