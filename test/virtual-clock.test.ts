// The virtual clock the open-loop tests run on: time jumps from timer to timer, ties fire in the
// order they were set, a cancelled timer never fires, and work that could only hang is reported.
import { describe, expect, it } from 'vitest';
import { VirtualClock } from './helpers/virtual-clock.ts';

describe('VirtualClock', () => {
  it('fires timers in time order (ties in the order set) and skips cancelled ones', async () => {
    const clock = new VirtualClock();
    const fired: string[] = [];
    clock.timer(30, () => fired.push(`b@${clock.now()}`));
    clock.timer(10, () => fired.push(`a@${clock.now()}`));
    clock.timer(30, () => fired.push(`c@${clock.now()}`));
    const cancel = clock.timer(20, () => fired.push('cancelled'));
    cancel();
    await clock.run(clock.sleep(10_000));
    expect(fired).toEqual(['a@10', 'b@30', 'c@30']);
    expect(clock.now()).toBe(10_000);
  });

  it('reports work that is still pending with no timer left: it would hang', async () => {
    const clock = new VirtualClock();
    await expect(clock.run(new Promise<void>(() => {}))).rejects.toThrow(/still pending and no timer is set/);
  });
});
