// Heavy CommonJS packages (pg, ioredis, hdr-histogram-js, cli-progress) load on first use, not when
// a module that can use them is imported: `list`, `replay` and `--help` never pay for them. Types
// come from `import type`; src/cli/startup.test.ts checks the CLI's static imports stay light.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** A function returning the package, loaded on its first call. */
export function lazyRequire<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}
