// Load is only ever sent to this machine: every Redis and PostgreSQL URL must name a loopback address
// (127.0.0.0/8, ::1), a name that resolves only to loopback addresses (localhost), or a Unix socket.
import { lookup } from 'node:dns/promises';
import { isIPv4, isIPv6 } from 'node:net';
import { ConfigError } from '../core/errors.ts';

export type ServiceKind = 'redis' | 'postgres';

const PROTOCOLS: Record<ServiceKind, readonly string[]> = {
  redis: ['redis:'],
  postgres: ['postgres:', 'postgresql:'],
};

/** True for 127.0.0.0/8, ::1 and IPv4-mapped 127.x (::ffff:127.0.0.1). */
export function isLoopbackAddress(addr: string): boolean {
  const a = addr.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIPv4(a)) return a.split('.')[0] === '127';
  if (!isIPv6(a)) return false;
  if (a === '::1' || a === '0:0:0:0:0:0:0:1') return true;
  const mapped = /^(?:0{0,4}:){0,5}(?:0{0,4}:)?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a) ?? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  return mapped !== null && isLoopbackAddress(mapped[1]!);
}

/** Replaces the password of a URL by *** (for messages and reports). */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
  }
}

export interface UrlTarget {
  /** Host to check: a name, an IP literal, or undefined for a Unix socket. */
  readonly host: string | undefined;
  readonly socket: boolean;
}

/** Parses a service URL and says which host it connects to. Throws ConfigError on a bad URL. */
export function urlTarget(url: string, kind: ServiceKind, flag: string, env: NodeJS.ProcessEnv = process.env): UrlTarget {
  const example = kind === 'redis' ? 'redis://127.0.0.1:6379' : 'postgres://user:password@127.0.0.1:5432/db';
  if (kind === 'postgres' && url.startsWith('/')) return { host: undefined, socket: true }; // "/socket/dir dbname", as pg reads it
  let u: URL;
  let noHost = false;
  try {
    u = new URL(url);
  } catch {
    // As node-postgres does: "postgres://user@/db" has an empty host, which URL refuses.
    try {
      if (kind !== 'postgres' || !url.includes('@/')) throw new Error('not a URL');
      u = new URL(url.replace('@/', '@placeholder.invalid/'));
      noHost = true;
    } catch {
      throw new ConfigError(`${flag}: ${JSON.stringify(maskUrl(url))} is not a URL; expected ${example}`);
    }
  }
  if (kind === 'postgres' && u.protocol === 'socket:') return { host: undefined, socket: true };
  if (!PROTOCOLS[kind].includes(u.protocol)) {
    throw new ConfigError(`${flag}: ${JSON.stringify(maskUrl(url))} has scheme ${u.protocol}; allowed: ${PROTOCOLS[kind].map((p) => `${p}//`).join(', ')}`);
  }
  const hostname = noHost ? '' : decodeURIComponent(u.hostname);
  if (kind === 'postgres') {
    // libpq style: ?host=/path is a socket folder, and it wins over the authority part.
    const qhost = u.searchParams.get('host');
    if (qhost !== null && qhost !== '') return qhost.startsWith('/') ? { host: undefined, socket: true } : { host: qhost, socket: false };
    if (hostname === '') {
      const envHost = env.PGHOST;
      if (envHost && !envHost.startsWith('/')) return { host: envHost, socket: false };
      // node-postgres connects to localhost when no host is given.
      return envHost ? { host: undefined, socket: true } : { host: 'localhost', socket: false };
    }
    if (hostname.startsWith('/')) return { host: undefined, socket: true }; // %2F-encoded socket folder
  }
  if (hostname === '') return { host: 'localhost', socket: false };
  return { host: hostname, socket: false };
}

export type Lookup = (host: string) => Promise<readonly string[]>;

const systemLookup: Lookup = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Refuses a URL that could send load anywhere but this machine: every address its host resolves to
 * must be a loopback address. Throws ConfigError with one line naming the flag and the host.
 */
export async function requireLoopback(url: string, kind: ServiceKind, flag: string, resolve: Lookup = systemLookup, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const target = urlTarget(url, kind, flag, env);
  if (target.socket || target.host === undefined) return;
  const host = target.host.replace(/^\[|\]$/g, '');
  if (isIPv4(host) || isIPv6(host)) {
    if (!isLoopbackAddress(host)) throw notLoopback(flag, url, host, [host]);
    return;
  }
  let addrs: readonly string[];
  try {
    addrs = await resolve(host);
  } catch (e) {
    throw new ConfigError(`${flag}: cannot resolve host ${JSON.stringify(host)} of ${maskUrl(url)} (${(e as Error).message}); load is only sent to loopback addresses such as 127.0.0.1`);
  }
  if (addrs.length === 0 || addrs.some((a) => !isLoopbackAddress(a))) throw notLoopback(flag, url, host, addrs);
}

function notLoopback(flag: string, url: string, host: string, addrs: readonly string[]): ConfigError {
  const resolved = addrs.length === 1 && addrs[0] === host ? '' : ` (resolves to ${addrs.join(', ') || 'nothing'})`;
  return new ConfigError(`${flag}: ${maskUrl(url)} is not on this machine: host ${host}${resolved} is not a loopback address; load is only sent to 127.0.0.0/8, ::1 or a Unix socket`);
}
