// Resource limits, checked before any work starts: a run whose estimated memory or timer firings
// exceed the limit is refused with the figure, the limit and how to change either (exit 2), instead
// of running out of memory after minutes or never finishing. One design for every command:
// --max-memory SIZE raises or lowers the memory limit, --force-resources skips the checks.
import { totalmem } from 'node:os';
import { ConfigError } from './errors.ts';

export interface ResourceLimits {
  readonly maxMemoryBytes: number;
  readonly maxTimerFirings: number;
  /** --force-resources: estimate, but refuse nothing. */
  readonly force: boolean;
}

/** Share of this machine's memory a run may plan to use by default. */
export const DEFAULT_MEMORY_SHARE = 0.8;
/** A timer firing does about a request's work (or a batch's): 10^8 is minutes of work at most. */
export const DEFAULT_MAX_TIMER_FIRINGS = 100_000_000;

export function defaultLimits(): ResourceLimits {
  return { maxMemoryBytes: Math.floor(totalmem() * DEFAULT_MEMORY_SHARE), maxTimerFirings: DEFAULT_MAX_TIMER_FIRINGS, force: false };
}

const UNITS: Readonly<Record<string, number>> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };

/** "20GB", "512 MiB", "1.5e9" (bytes) -> bytes; a ConfigError naming the flag otherwise. */
export function parseSize(text: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? (m[2] === '' ? 'b' : m[2]!.toLowerCase()) : '';
  if (!m || !(unit in UNITS)) throw new ConfigError(`${flag}: ${JSON.stringify(text)} is not a size; write e.g. 20GB, 512MB, 8GiB`);
  const bytes = Number(m[1]) * UNITS[unit]!;
  if (!Number.isFinite(bytes) || bytes < 1e6) throw new ConfigError(`${flag}: ${JSON.stringify(text)} is below 1 MB`);
  return bytes;
}

/** 26.1 GB, 340 MB, 12 kB (decimal units, as parseSize reads them). */
export function bytesText(n: number): string {
  if (!Number.isFinite(n)) return 'unbounded';
  if (n >= 1e12) return `${(n / 1e12).toFixed(1)} TB`;
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`;
  if (n >= 1e6) return `${Math.ceil(n / 1e6)} MB`;
  return `${Math.ceil(n / 1e3)} kB`;
}

/** 1.2e+11 for huge counts, 12,345,678 otherwise. */
export function countText(n: number): string {
  if (!Number.isFinite(n)) return 'unboundedly many';
  return n >= 1e12 ? n.toExponential(1) : Math.ceil(n).toLocaleString('en-US');
}

/** What a run is expected to need. */
export interface ResourceEstimate {
  /** Named parts of the memory estimate, largest first when reported. */
  readonly memory: readonly { readonly what: string; readonly bytes: number }[];
  readonly timers: readonly { readonly what: string; readonly firings: number; readonly detail: string }[];
}

export const totalBytes = (e: ResourceEstimate): number => e.memory.reduce((t, p) => t + p.bytes, 0);

/**
 * Refuses an estimate over the limits (unless forced). `advice`: what to lower, e.g. "--requests or
 * --keys". `where`: the command or cell, prefixed to the message.
 */
export function checkResources(e: ResourceEstimate, limits: ResourceLimits, advice: string, where = ''): void {
  if (limits.force) return;
  const prefix = where === '' ? '' : `${where}: `;
  const bytes = totalBytes(e);
  if (bytes > limits.maxMemoryBytes) {
    const parts = [...e.memory]
      .sort((a, b) => b.bytes - a.bytes)
      .filter((p) => p.bytes >= bytes / 100)
      .slice(0, 4)
      .map((p) => `${p.what} ${bytesText(p.bytes)}`)
      .join(', ');
    const machine = `${bytesText(totalmem())} machine`;
    throw new ConfigError(
      `${prefix}this run needs about ${bytesText(bytes)} of memory (${parts}), above the limit of ${bytesText(limits.maxMemoryBytes)} (${limits.maxMemoryBytes === defaultLimits().maxMemoryBytes ? `${DEFAULT_MEMORY_SHARE * 100}% of this ${machine}` : `--max-memory, on a ${machine}`}); lower ${advice}, or raise the limit with --max-memory, or skip this check with --force-resources`,
    );
  }
  for (const t of e.timers) {
    if (!(t.firings <= limits.maxTimerFirings)) {
      throw new ConfigError(
        `${prefix}${t.what} would fire its timer ${countText(t.firings)} times (${t.detail}), above the limit of ${countText(limits.maxTimerFirings)}; raise --interval, or lower --requests or raise --rate, or skip this check with --force-resources`,
      );
    }
  }
}
