// The package version (`backfill-bench --version`), read from package.json: two folders up from
// src/cli/ and from the compiled dist/cli/ alike.
import { readFileSync } from 'node:fs';

export function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
