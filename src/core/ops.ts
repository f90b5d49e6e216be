// What a record of a stream with operations asks (RequestChunk.ops): a read (served by the cache),
// a write at the source (the application updated the database: the key's version moves on and the
// cache is told, per the run's write mode) or a delete (the source's version moves on and the key
// leaves the cache whatever the mode). Streams without operations carry no ops array at all: every
// record is a read.

export const OP_READ = 0;
export const OP_WRITE = 1;
export const OP_DELETE = 2;

export type Op = typeof OP_READ | typeof OP_WRITE | typeof OP_DELETE;

/** Each op's name, for messages and reports (indexed by the op). */
export const OP_NAMES: readonly string[] = ['read', 'write', 'delete'];

/** The op's name, or `op N` for a value that is no op. */
export function opName(op: number): string {
  return OP_NAMES[op] ?? `op ${op}`;
}
