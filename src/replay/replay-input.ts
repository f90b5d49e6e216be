// Reads and validates a reference input file {source, lookups, miss_threshold, backfill_batch}.
// It reads what Python's json.loads would (dict order, duplicate keys, int vs float) and rejects at
// the edge what the reference would crash on or misbehave with, naming file:line:col.
import { readFileSync, statSync } from 'node:fs';
import type { Node } from 'jsonc-parser';
import { ConfigError, show } from '../core/errors.ts';
import { lineCol, parseJsonDocument } from '../core/json-file.ts';
import { PY_INT_MAX_STR_DIGITS, pyNumberFromLiteral, type PyDict, type PyValue } from './python-json.ts';

/** The reference's defaults (run() in the reference). */
export const DEFAULT_MISS_THRESHOLD = 0.5;
export const DEFAULT_BACKFILL_BATCH = 10;
export const MIN_MISS_THRESHOLD = 0.01;
export const MAX_MISS_THRESHOLD = 1;

export interface ReplayInput {
  /** Source keys in dict order; key id i is sourceKeys[i]. */
  readonly sourceKeys: readonly string[];
  /** Value of each source key (for a duplicated key, its last value, as in a Python dict). */
  readonly sourceValues: readonly PyValue[];
  readonly lookups: readonly string[];
  readonly missThreshold: number;
  readonly backfillBatch: number;
  /** False when the input file did not exist: the reference then uses an empty config. */
  readonly existed: boolean;
}

const WHAT = 'replay input';

/**
 * Loads the input file as the reference's run() does: a file that does not exist is the empty
 * config {}; anything else that cannot be read is an error.
 */
export function loadReplayInput(path: string): ReplayInput {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // Path.exists() is False for these; the reference then runs on {}.
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') return parseReplayInput('{}', path, false);
    throw new ConfigError(`${path}: cannot read the ${WHAT}: ${code ?? String(e)}`);
  }
  if (isDirectory) throw new ConfigError(`${path}: cannot read the ${WHAT}: is a directory; give a JSON file`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new ConfigError(`${path}: cannot read the ${WHAT}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return parseReplayInput(decodeUtf8(bytes, path), path, true);
}

/** Strict UTF-8, keeping a byte order mark (Python's read_text keeps it and json.loads rejects it). */
function decodeUtf8(bytes: Uint8Array, path: string): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    throw new ConfigError(`${path}:1:1: ${WHAT} starts with a UTF-8 byte order mark; save it as UTF-8 without BOM`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const lenient = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const at = lineCol(lenient, Math.max(0, lenient.indexOf('\uFFFD')));
    throw new ConfigError(`${path}:${at.line}:${at.col}: ${WHAT} is not valid UTF-8`);
  }
}

/** Parses and validates the text of an input file. `path` is only used in messages. */
export function parseReplayInput(text: string, path: string, existed = true): ReplayInput {
  checkNesting(text, path);
  const doc = parseJsonDocument(path, text, WHAT);
  const at = (node: Node): string => {
    const target = node.parent?.type === 'property' ? node.parent : node;
    const lc = lineCol(text, target.offset);
    return `${path}:${lc.line}:${lc.col}`;
  };
  const root = doc.root;
  if (root.type !== 'object') {
    throw new ConfigError(`${at(root)}: ${WHAT} must be a JSON object {"source": ..., "lookups": ...}, got ${describeNode(root)}`);
  }
  // Top-level fields, the last of duplicates winning as in json.loads. Unknown fields are ignored,
  // as the reference ignores them.
  const fields = new Map<string, Node>();
  for (const prop of root.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (k && v) fields.set(k.value as string, v);
  }

  const ctx: Ctx = { text, at };
  const sourceKeys: string[] = [];
  const sourceValues: PyValue[] = [];
  const sourceNode = fields.get('source');
  if (sourceNode !== undefined) {
    if (sourceNode.type !== 'object') {
      throw new ConfigError(`${at(sourceNode)}: "source" is ${describeNode(sourceNode)}; allowed: a JSON object mapping keys to values`, 'source');
    }
    const ids = new Map<string, number>();
    for (const prop of sourceNode.children ?? []) {
      const [k, v] = prop.children ?? [];
      if (!k || !v) continue;
      const key = k.value as string;
      const value = toPyValue(v, ctx);
      const id = ids.get(key);
      if (id === undefined) {
        ids.set(key, sourceKeys.length);
        sourceKeys.push(key);
        sourceValues.push(value);
      } else {
        sourceValues[id] = value; // a Python dict keeps the first position and the last value
      }
    }
  }

  const lookups: string[] = [];
  const lookupsNode = fields.get('lookups');
  if (lookupsNode !== undefined) {
    if (lookupsNode.type !== 'array') {
      throw new ConfigError(`${at(lookupsNode)}: "lookups" is ${describeNode(lookupsNode)}; allowed: an array of strings (keys to look up)`, 'lookups');
    }
    const items = lookupsNode.children ?? [];
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (item.type !== 'string') {
        throw new ConfigError(`${at(item)}: "lookups"[${i}] is ${describeNode(item)}; allowed: a string (a key to look up)`, 'lookups');
      }
      lookups.push(item.value as string);
    }
  }

  const thresholdNode = fields.get('miss_threshold');
  let missThreshold = DEFAULT_MISS_THRESHOLD;
  if (thresholdNode !== undefined) {
    const v: unknown = thresholdNode.value;
    const allowed = `a number ${MIN_MISS_THRESHOLD} .. ${MAX_MISS_THRESHOLD.toFixed(1)} (below ${MIN_MISS_THRESHOLD} every miss would backfill)`;
    if (thresholdNode.type !== 'number' || typeof v !== 'number' || !(v >= MIN_MISS_THRESHOLD && v <= MAX_MISS_THRESHOLD)) {
      throw new ConfigError(`${at(thresholdNode)}: "miss_threshold" is ${describeNode(thresholdNode)}; allowed: ${allowed}`, 'miss_threshold');
    }
    missThreshold = v;
  }

  const batchNode = fields.get('backfill_batch');
  let backfillBatch = DEFAULT_BACKFILL_BATCH;
  if (batchNode !== undefined) {
    const v: unknown = batchNode.value;
    // 10.0 and 1e1 behave as 10 in the reference, so integral floats are accepted.
    if (batchNode.type !== 'number' || typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      throw new ConfigError(`${at(batchNode)}: "backfill_batch" is ${describeNode(batchNode)}; allowed: an integer >= 1`, 'backfill_batch');
    }
    backfillBatch = v;
  }

  return { sourceKeys, sourceValues, lookups, missThreshold, backfillBatch, existed };
}

/**
 * Python's json.loads gives up at about 1000 nested levels (RecursionError); so do we, cleanly, before
 * any recursive parsing could overflow the stack.
 */
export const MAX_NESTING = 1000;

function checkNesting(text: string, path: string): void {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip a string, escapes included; an unterminated one is the parser's to report.
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_NESTING) {
        const at = lineCol(text, i);
        throw new ConfigError(`${path}:${at.line}:${at.col}: ${WHAT} is nested deeper than ${MAX_NESTING} levels (Python's json.loads fails there too)`);
      }
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
}

interface Ctx {
  readonly text: string;
  readonly at: (node: Node) => string;
}

/** The value json.loads produces for a node (dict order and duplicate keys as Python has them). */
function toPyValue(node: Node, ctx: Ctx): PyValue {
  switch (node.type) {
    case 'object': {
      const out = new Map<string, PyValue>();
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (k && v) out.set(k.value as string, toPyValue(v, ctx));
      }
      return out satisfies PyDict;
    }
    case 'array':
      return (node.children ?? []).map((child) => toPyValue(child, ctx));
    case 'number': {
      const literal = ctx.text.slice(node.offset, node.offset + node.length);
      const digits = literal.replace(/^-/, '');
      if (/^\d+$/.test(digits) && digits.length > PY_INT_MAX_STR_DIGITS) {
        throw new ConfigError(`${ctx.at(node)}: an integer of ${digits.length} digits; allowed: at most ${PY_INT_MAX_STR_DIGITS} digits (Python's json.loads limit)`);
      }
      return pyNumberFromLiteral(literal);
    }
    case 'string':
      return node.value as string;
    case 'boolean':
      return node.value as boolean;
    default:
      return null;
  }
}

function describeNode(node: Node): string {
  switch (node.type) {
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'null':
      return 'null';
    case 'boolean':
      return `the boolean ${String(node.value)}`;
    case 'string':
      return `the string ${show(node.value)}`;
    default:
      return show(node.value);
  }
}
