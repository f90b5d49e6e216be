// Worker threads and child processes load modules by URL. The same code runs from the TypeScript
// sources (tsx in development, vitest in tests) and from the compiled dist/ (the installed
// `backfill-bench`), which mirrors src/ folder for folder: only the extension differs, and only the
// sources need tsx registered in a new thread or process.

/** Whether this code runs from the TypeScript sources rather than the compiled dist/. */
export const FROM_SOURCES = import.meta.url.endsWith('.ts');

/** The URL of a module of this tree, named without extension, relative to `base` (an import.meta.url). */
export function moduleUrl(pathWithoutExtension: string, base: string): URL {
  return new URL(`${pathWithoutExtension}${FROM_SOURCES ? '.ts' : '.js'}`, base);
}
