// Strict JSON reading for config and input files, with file:line:column in every error.
import { readFileSync, statSync } from 'node:fs';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { ConfigError } from './errors.ts';

export interface JsonDocument {
  readonly path: string;
  readonly text: string;
  readonly root: Node;
  /** "file:line:col" of a value inside the document, or of the document when not found. */
  locate(jsonPath: readonly (string | number)[]): string;
}

export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}

/**
 * Deepest nesting of arrays and objects accepted in any JSON file we read. The parser recurses once
 * per level, so a file nested 5,000 deep would overflow the stack; Python's json.loads (the replay
 * reference) gives up near 1,000 too.
 */
export const MAX_JSON_DEPTH = 1000;

/** Largest config file (workload, suite, baseline) accepted: they are a few KB; 100 MB of them took minutes, then the heap. */
export const MAX_CONFIG_FILE_BYTES = 10 * 1024 * 1024;

/** Reads a file as strict UTF-8; a missing, unreadable, non-regular or (with maxBytes) too large file is a ConfigError. */
export function readUtf8File(path: string, what: string, maxBytes?: number): string {
  let bytes: Buffer;
  try {
    const st = statSync(path);
    // A FIFO or a device would block or never end: only regular files are read.
    if (!st.isFile() && !st.isDirectory()) throw new ConfigError(`${path}: cannot read ${what}: not a regular file (a FIFO, device or socket); give a file`);
    if (maxBytes !== undefined && st.size > maxBytes) {
      throw new ConfigError(`${path}: ${what} is ${(st.size / 1048576).toFixed(1)} MB; at most ${maxBytes / 1048576} MB is allowed (a ${what} is a few KB of settings)`);
    }
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? String(e));
    throw new ConfigError(`${path}: cannot read ${what}: ${why}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Point at the line of the first undecodable byte (shown as U+FFFD by a lenient decode).
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const at = lineCol(lenient, Math.max(0, lenient.indexOf('\uFFFD')));
    throw new ConfigError(`${path}:${at.line}:${at.col}: ${what} is not valid UTF-8`);
  }
}

/** Refuses JSON nested deeper than `max` (before the recursive parser sees it), naming file:line:col. */
export function checkJsonDepth(path: string, text: string, what: string, max = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) {
        const at = lineCol(text, i);
        throw new ConfigError(`${path}:${at.line}:${at.col}: ${what} is nested more than ${max} levels deep (arrays and objects); at most ${max} are allowed`);
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
}

export function parseJsonDocument(path: string, text: string, what: string): JsonDocument {
  const errors: ParseError[] = [];
  if (text.trim() === '') throw new ConfigError(`${path}:1:1: ${what} is empty; expected a JSON object`);
  checkJsonDepth(path, text, what);
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first || !root) {
    const at = first ? lineCol(text, first.offset) : { line: 1, col: 1 };
    const why = first ? printParseErrorCode(first.error) : 'no JSON value';
    throw new ConfigError(`${path}:${at.line}:${at.col}: ${what} is not valid JSON (${why})`);
  }
  return {
    path,
    text,
    root,
    locate(jsonPath) {
      const node = findNodeAtLocation(root, [...jsonPath]);
      const target = node?.parent?.type === 'property' ? node.parent : (node ?? root);
      const at = lineCol(text, target.offset);
      return `${path}:${at.line}:${at.col}`;
    },
  };
}

/** Converts a parsed tree to a plain value. Numbers keep JS semantics (JSON has no NaN/Infinity). */
export function nodeToValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        // defineProperty, not assignment: a "__proto__" key must stay a plain field.
        if (k && v) Object.defineProperty(out, k.value as string, { value: nodeToValue(v), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(nodeToValue);
    default:
      return node.value;
  }
}

/** The names of a document's top-level fields, read from the tree without building their values. */
export function topLevelFields(doc: JsonDocument): string[] {
  if (doc.root.type !== 'object') return [];
  return (doc.root.children ?? []).map((p) => String(p.children?.[0]?.value));
}

/**
 * Reads a JSON config file (at most MAX_CONFIG_FILE_BYTES). `checkFields`, given the top-level field
 * names, may reject unknown ones before any value is built. Errors name file:line:col.
 */
export function readJsonObjectFile(path: string, what: string, checkFields?: (doc: JsonDocument) => void): { doc: JsonDocument; value: Record<string, unknown> } {
  const doc = parseJsonDocument(path, readUtf8File(path, what, MAX_CONFIG_FILE_BYTES), what);
  checkFields?.(doc);
  const value = nodeToValue(doc.root);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`${doc.locate([])}: ${what} must be a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'null' : typeof value}`);
  }
  return { doc, value: value as Record<string, unknown> };
}
