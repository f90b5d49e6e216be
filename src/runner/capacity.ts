// A strategy's capacity resolved against the workload it runs on. Validated parameters keep the
// capacity as the user wrote it (a count of objects as a number; "64MiB", "1.5GB" or "10%" as text;
// undefined for unbounded) so reports show it that way; the run turns it into the units the eviction
// policy counts:
//   a count            -> that many objects (every object counts 1, whatever its size);
//   bytes ("64MiB")    -> that many bytes; each object counts its size (the workload must have sizes);
//   a share ("10%")    -> of the working set: its bytes when the workload has object sizes, else its keys.
// The working set is every key the source holds: sourceKeys keys, the sum of their sizes in bytes.
import { ConfigError } from '../core/errors.ts';
import { parseSize } from '../core/size.ts';
import type { ObjectSizes } from '../core/types.ts';
import { workingSetBytes } from '../core/object-sizes.ts';
import { CAPACITY_UNBOUNDED } from '../strategies/strategy-params.ts';

/** The capacity parameter's name (declared in strategy-params.ts). */
const CAPACITY = CAPACITY_UNBOUNDED.name;

export interface ResolvedCapacity {
  /** In objects or bytes (see `bytes`); undefined for unbounded. */
  readonly capacity: number | undefined;
  /** Whether the policy counts bytes (each object its size) rather than objects. */
  readonly bytes: boolean;
}

export interface CapacityContext {
  readonly sourceKeys: number;
  readonly objectSizes?: ObjectSizes | undefined;
}

/** Working-set bytes per ObjectSizes: computed once however many strategies ask. */
const workingSets = new WeakMap<ObjectSizes, { keys: number; bytes: number }>();

export function workingSetOf(sizes: ObjectSizes, sourceKeys: number): number {
  const known = workingSets.get(sizes);
  if (known !== undefined && known.keys === sourceKeys) return known.bytes;
  const bytes = workingSetBytes(sizes, sourceKeys);
  workingSets.set(sizes, { keys: sourceKeys, bytes });
  return bytes;
}

/** Whether a validated capacity is in bytes or a share (it then depends on the workload's sizes). */
export function capacityCountsBytes(value: unknown): boolean {
  return typeof value === 'string' && parseSize(value, CAPACITY).unit !== 'count';
}

/** Resolves `value` (a validated capacity parameter) for a workload; `where` names it in errors. */
export function resolveCapacity(value: unknown, ctx: CapacityContext, where: string): ResolvedCapacity {
  if (value === undefined || value === null || value === 'unbounded') return { capacity: undefined, bytes: false };
  if (typeof value === 'number') return { capacity: value, bytes: false };
  const size = parseSize(value, `${where}: capacity`);
  switch (size.unit) {
    case 'count':
      return { capacity: size.count, bytes: false };
    case 'bytes':
      if (ctx.objectSizes === undefined) {
        throw new ConfigError(
          `${where}: capacity ${value} is in bytes, but the workload has no object sizes; replay a trace with sizes (oracleGeneral, a csv size column) or give a size distribution (--param sizes=fixed, uniform, lognormal or pareto), or give the capacity in objects`,
          CAPACITY,
        );
      }
      return { capacity: size.bytes, bytes: true };
    case 'percent':
      if (ctx.objectSizes === undefined) return { capacity: Math.max(1, Math.round(size.fraction * ctx.sourceKeys)), bytes: false };
      return { capacity: Math.max(1, Math.round(size.fraction * workingSetOf(ctx.objectSizes, ctx.sourceKeys))), bytes: true };
  }
}

/** What a strategy is created with for a run: its parameters with the capacity in the policy's units, and the sizes when it counts bytes. */
export interface RunParams {
  readonly params: Readonly<Record<string, unknown>>;
  readonly capacity: ResolvedCapacity;
  /** Each key's size, when the capacity counts bytes (StrategyContext.sizes). */
  readonly sizes: ObjectSizes | undefined;
}

/**
 * Resolves a validated strategy's capacity for a workload (the one place every runner does: the
 * replay, the CPU timing, the live mirror). A capacity in bytes needs the workload's sizes, and a
 * strategy that counts objects by design (clairvoyant `opt`) refuses it.
 */
export function runParams(
  resolved: { readonly name: string; readonly params: Readonly<Record<string, unknown>>; readonly spec: { readonly traits: readonly string[] } },
  ctx: CapacityContext,
): RunParams {
  const capacity = resolveCapacity(resolved.params[CAPACITY], ctx, `strategy ${resolved.name}`);
  if (capacity.bytes && resolved.spec.traits.includes('clairvoyant')) {
    throw new ConfigError(`strategy ${resolved.name}: a capacity in bytes (${String(resolved.params[CAPACITY])}) is not supported; ${resolved.name} counts objects`, CAPACITY);
  }
  const params = Object.hasOwn(resolved.params, CAPACITY) ? { ...resolved.params, [CAPACITY]: capacity.capacity } : resolved.params;
  return { params, capacity, sizes: capacity.bytes ? ctx.objectSizes : undefined };
}
