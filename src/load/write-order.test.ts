// Write order: a ticket waits for every earlier ticket sharing a key, and for nothing else.
import { describe, expect, it } from 'vitest';
import { WriteOrder } from './write-order.ts';

const settled = async (p: Promise<unknown>): Promise<boolean> => {
  let done = false;
  void p.then(() => (done = true));
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return done;
};

describe('WriteOrder', () => {
  it('a ticket on a key waits for the earlier ticket on that key, not for tickets on other keys', async () => {
    const order = new WriteOrder();
    const a = order.reserve([1, 2]);
    const b = order.reserve([3]);
    const c = order.reserve([2], [4]);
    expect(await settled(a.ready)).toBe(true);
    expect(await settled(b.ready)).toBe(true);
    expect(await settled(c.ready)).toBe(false);
    a.release();
    expect(await settled(c.ready)).toBe(true);
  });

  it('waits for every earlier ticket sharing a key, released in any order', async () => {
    const order = new WriteOrder();
    const a = order.reserve([1]);
    const b = order.reserve([2]);
    const c = order.reserve([1, 2]);
    b.release();
    expect(await settled(c.ready)).toBe(false);
    a.release();
    expect(await settled(c.ready)).toBe(true);
  });

  it('forgets keys once their last ticket is released; release is idempotent', async () => {
    const order = new WriteOrder();
    const a = order.reserve([1, 1, 2]);
    const b = order.reserve([2]);
    expect(order.pending).toBe(2);
    a.release();
    a.release();
    expect(order.pending).toBe(1);
    b.release();
    expect(order.pending).toBe(0);
    expect(await settled(order.reserve([1, 2]).ready)).toBe(true);
  });
});
