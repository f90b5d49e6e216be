// What the eviction registry lists: a policy's name, its declared parameters and how to build it.
import type { ParamDecl } from '../../core/param-decl.ts';
import type { EvictionPolicy, PolicyCapabilities } from './eviction-policy.ts';

export interface PolicySpec<P extends object = Record<string, number | boolean | string>> {
  /** As on the command line (`--eviction s3fifo`) and in libCacheSim where it has the policy. */
  readonly name: string;
  readonly summary: string;
  readonly capabilities: PolicyCapabilities;
  /** Every tunable of the policy, declared once (libCacheSim's defaults). */
  readonly params: readonly ParamDecl[];
  /**
   * A policy of `capacity` units. `keySpace` is the exclusive upper bound of keys it may see: at or
   * below DIRECT_INDEX_MAX_KEYS a policy may index arrays by key; above it, it must hash.
   */
  create(capacity: number, keySpace: number, params: P): EvictionPolicy;
}
