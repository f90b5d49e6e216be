// Strict JSON reading for config and input files, with file:line:column in every error.
import { readFileSync } from 'node:fs';
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

/** Reads a file as strict UTF-8; a missing or unreadable file is a ConfigError. */
export function readUtf8File(path: string, what: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code ?? String(e);
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

export function parseJsonDocument(path: string, text: string, what: string): JsonDocument {
  const errors: ParseError[] = [];
  if (text.trim() === '') throw new ConfigError(`${path}:1:1: ${what} is empty; expected a JSON object`);
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
      const target = node?.parent?.type === 'property' ? node.parent : node ?? root;
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

/** Reads a JSON object file. Errors name file:line:col. */
export function readJsonObjectFile(path: string, what: string): { doc: JsonDocument; value: Record<string, unknown> } {
  const doc = parseJsonDocument(path, readUtf8File(path, what), what);
  const value = nodeToValue(doc.root);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`${doc.locate([])}: ${what} must be a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'null' : typeof value}`);
  }
  return { doc, value: value as Record<string, unknown> };
}
