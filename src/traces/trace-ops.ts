// Operation names in traces with operations (twitter, csv with an op column), matched byte-wise and
// case-insensitively without making a string per record. The Twitter cache-trace's memcached
// commands (twitter/cache-trace README): get and gets read; set, add, replace, cas, append, prepend,
// incr and decr write the value at the source; delete removes it. Generic csv traces may also say
// read, write, update and del. Codes are core/ops.ts's (OP_READ, OP_WRITE, OP_DELETE).
import { OP_DELETE, OP_READ, OP_WRITE } from '../core/ops.ts';

/** Every accepted operation name with its code, in the order error messages list them. */
export const TRACE_OP_NAMES: readonly (readonly [name: string, op: number])[] = [
  ['get', OP_READ],
  ['gets', OP_READ],
  ['read', OP_READ],
  ['set', OP_WRITE],
  ['add', OP_WRITE],
  ['replace', OP_WRITE],
  ['cas', OP_WRITE],
  ['append', OP_WRITE],
  ['prepend', OP_WRITE],
  ['incr', OP_WRITE],
  ['decr', OP_WRITE],
  ['write', OP_WRITE],
  ['update', OP_WRITE],
  ['delete', OP_DELETE],
  ['del', OP_DELETE],
];

/** The names for messages: "get, gets, read (reads); set, add, ... (writes); delete, del (deletes)". */
export const TRACE_OP_ALLOWED = (() => {
  const group = (op: number, what: string) =>
    `${TRACE_OP_NAMES.filter(([, o]) => o === op)
      .map(([n]) => n)
      .join(', ')} (${what})`;
  return `${group(OP_READ, 'reads')}; ${group(OP_WRITE, 'writes')}; ${group(OP_DELETE, 'deletes')}`;
})();

/** Not an operation name. */
export const NOT_AN_OP = -1;

const MAX_NAME = 7;
// Names by length, as lower-case bytes, with their codes.
const BY_LENGTH: { bytes: Uint8Array; op: number }[][] = Array.from({ length: MAX_NAME + 1 }, () => []);
for (const [name, op] of TRACE_OP_NAMES) BY_LENGTH[name.length]!.push({ bytes: Buffer.from(name, 'latin1'), op });

/** The code of the operation named by buf[s, e) (already trimmed), or NOT_AN_OP. */
export function matchOp(buf: Uint8Array, s: number, e: number): number {
  const len = e - s;
  if (len <= 0 || len > MAX_NAME) return NOT_AN_OP;
  outer: for (const c of BY_LENGTH[len]!) {
    const b = c.bytes;
    for (let i = 0; i < len; i++) {
      const x = buf[s + i]!;
      // ASCII upper case to lower case; other bytes as they are.
      if ((x >= 65 && x <= 90 ? x + 32 : x) !== b[i]) continue outer;
    }
    return c.op;
  }
  return NOT_AN_OP;
}

/** matchOp on a string (detection and tests). */
export function opOfName(name: string): number {
  const b = Buffer.from(name.trim(), 'latin1');
  return matchOp(b, 0, b.length);
}
