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
import { traitsOf, type ObjectSizes, type StrategySpec } from '../core/types.ts';
import { workingSetOf } from '../core/object-sizes.ts';
import { BATCH as BATCH_DECL, BATCH_BYTES, CAPACITY_UNBOUNDED, MAX_BATCH } from '../strategies/strategy-params.ts';

/** The capacity and batch parameters' names (declared in strategy-params.ts). */
const CAPACITY = CAPACITY_UNBOUNDED.name;
const BATCH = BATCH_DECL.name;

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
          `${where}: capacity ${value} is in bytes, but the workload has no object sizes; replay a trace with sizes (oracleGeneral, a csv size column) or give a size distribution (--sizes fixed, uniform, lognormal or pareto), or give the capacity in objects`,
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
  /** What the strategy's context gains: `sizes` (capacity in bytes), `batchSizes` (batch in bytes). */
  readonly context: { readonly sizes?: ObjectSizes; readonly batchSizes?: ObjectSizes };
}

/**
 * Resolves a validated strategy's capacity for a workload (the one place every runner does: the
 * replay, the CPU timing, the live mirror). A capacity in bytes needs the workload's sizes, and a
 * strategy that counts objects by design (clairvoyant `opt`) refuses it.
 */
export function runParams(
  resolved: { readonly name: string; readonly params: Readonly<Record<string, unknown>>; readonly spec: Pick<StrategySpec, 'traits' | 'traitsFor'> },
  ctx: CapacityContext,
): RunParams {
  const capacity = resolveCapacity(resolved.params[CAPACITY], ctx, `strategy ${resolved.name}`);
  if (capacity.bytes && traitsOf(resolved.spec, resolved.params).includes('clairvoyant')) {
    throw new ConfigError(`strategy ${resolved.name}: a capacity in bytes (${String(resolved.params[CAPACITY])}) is not supported; ${resolved.name} counts objects`, CAPACITY);
  }
  const params: Record<string, unknown> = Object.hasOwn(resolved.params, CAPACITY) ? { ...resolved.params, [CAPACITY]: capacity.capacity } : { ...resolved.params };
  const batch = resolved.params[BATCH];
  if (typeof batch === 'string') {
    // A batch in bytes: keys while their sizes fit (selection/byte-budget.ts). The count cap is what
    // the budget could hold at one byte a key, at most every key and MAX_BATCH (buffers are that long).
    const bytes = parseSize(batch, BATCH);
    if (bytes.unit !== 'bytes') throw new Error(`batch ${batch}: validation let a ${bytes.unit} through`);
    if (ctx.objectSizes === undefined) {
      throw new ConfigError(
        `strategy ${resolved.name}: batch ${batch} is in bytes, but the workload has no object sizes; give the batch in keys, or sizes (--sizes fixed, uniform, lognormal or pareto, or a trace with sizes)`,
        BATCH,
      );
    }
    params[BATCH] = Math.max(1, Math.min(bytes.bytes, ctx.sourceKeys, MAX_BATCH));
    params[BATCH_BYTES] = bytes.bytes;
  }
  const sizes = capacity.bytes ? ctx.objectSizes : undefined;
  const batchSizes = typeof batch === 'string' ? ctx.objectSizes : undefined;
  return { params, capacity, sizes, context: { ...(sizes ? { sizes } : {}), ...(batchSizes ? { batchSizes } : {}) } };
}
