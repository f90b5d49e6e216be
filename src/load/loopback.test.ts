import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.ts';
import { isLoopbackAddress, maskUrl, requireLoopback, urlTarget } from './loopback.ts';

describe('isLoopbackAddress', () => {
  it.each(['127.0.0.1', '127.255.0.9', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1'])('accepts %s', (a) => {
    expect(isLoopbackAddress(a)).toBe(true);
  });
  it.each(['10.0.0.1', '0.0.0.0', '128.0.0.1', '::', '::2', 'fe80::1', '::ffff:10.0.0.1', 'localhost', '', '127.0.0.1.evil'])('refuses %s', (a) => {
    expect(isLoopbackAddress(a)).toBe(false);
  });
});

describe('requireLoopback', () => {
  const lookup = async (host: string) => ({ localhost: ['127.0.0.1', '::1'], 'db.local': ['127.0.0.1', '10.1.1.1'] })[host] ?? [];
  const ok = (url: string, kind: 'redis' | 'postgres' = 'redis', env: NodeJS.ProcessEnv = {}) => requireLoopback(url, kind, '--x', lookup, env);

  it('accepts loopback literals, names resolving only to loopback, and Unix sockets', async () => {
    await ok('redis://127.0.0.1:6379');
    await ok('redis://[::1]:6379');
    await ok('redis://localhost');
    await ok('redis://');
    await ok('postgres://u:p@127.0.0.1:5432/db', 'postgres');
    await ok('postgresql://u@localhost/db', 'postgres');
    await ok('postgres://u@/db?host=/var/run/postgresql', 'postgres');
    await ok('postgres://u@/db', 'postgres', { PGHOST: '/tmp' });
  });

  it('refuses other hosts with one line naming the flag and the host', async () => {
    await expect(ok('redis://10.0.0.5:6379')).rejects.toThrow(/--x: .*host 10\.0\.0\.5 .*not a loopback address/);
    await expect(ok('redis://db.local:6379')).rejects.toThrow(/resolves to 127\.0\.0\.1, 10\.1\.1\.1/);
    await expect(ok('redis://nowhere:6379')).rejects.toThrow(ConfigError);
    await expect(ok('postgres://u@localhost/db?host=10.0.0.2', 'postgres')).rejects.toThrow(/10\.0\.0\.2/);
    await expect(ok('postgres://u@/db', 'postgres', { PGHOST: 'db.example' })).rejects.toThrow(/db\.example/);
  });

  it('refuses malformed URLs and wrong schemes', async () => {
    await expect(ok('not a url')).rejects.toThrow(/is not a URL/);
    await expect(ok('http://127.0.0.1:6379')).rejects.toThrow(/scheme http:/);
    await expect(ok('redis://127.0.0.1', 'postgres')).rejects.toThrow(/scheme redis:/);
  });

  it('never prints a password', async () => {
    expect(maskUrl('postgres://bench:secret@127.0.0.1/db')).toBe('postgres://bench:***@127.0.0.1/db');
    await expect(ok('postgres://bench:secret@10.0.0.1/db', 'postgres')).rejects.toThrow(/bench:\*\*\*@/);
    expect(urlTarget('redis://:pw@127.0.0.1:1', 'redis', '--r')).toEqual({ host: '127.0.0.1', socket: false });
  });
});

describe('urlTarget reads PostgreSQL URLs as node-postgres does', () => {
  it.each([
    ['postgres://u@/db', {}, { host: 'localhost', socket: false }],
    ['postgres://u@/db', { PGHOST: '/run/pg' }, { host: undefined, socket: true }],
    ['/var/run/postgresql bench', {}, { host: undefined, socket: true }],
    ['socket://u:p@/var/run/postgresql?db=bench', {}, { host: undefined, socket: true }],
    ['postgres://u@%2Fvar%2Frun%2Fpostgresql/db', {}, { host: undefined, socket: true }],
    ['postgres://u@127.0.0.1/db?host=db.example', {}, { host: 'db.example', socket: false }],
  ] as const)('%s', (url, env, want) => {
    expect(urlTarget(url, 'postgres', '--postgres', env)).toEqual(want);
  });
});
