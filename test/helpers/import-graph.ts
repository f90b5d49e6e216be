// The static import graph of the sources, read from the text: what a module loads when it is
// imported. `import type` / `export type` are erased by the compiler and not followed; `import()`
// expressions load later, when the code runs, and are not followed either.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const IMPORT = /^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

/** The specifiers a module imports statically (relative ones resolved to absolute paths). */
export function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => (m[1]!.startsWith('.') ? resolve(dirname(file), m[1]!) : m[1]!));
}

/** Package name of a bare specifier: "vega-lite", "@scope/pkg", "csv-stringify" for "csv-stringify/sync". */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Every module and package loaded by importing `entries`: files (absolute) and packages (names). */
export function loadedBy(entries: readonly string[]): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const todo = [...entries];
  while (todo.length > 0) {
    const f = todo.pop()!;
    if (files.has(f)) continue;
    files.add(f);
    for (const s of staticImports(f)) {
      if (s.startsWith('/')) todo.push(s);
      else if (!s.startsWith('node:')) packages.add(packageOf(s));
    }
  }
  return { files, packages };
}
