// The window of virtual time over which source load is counted: every "per second" figure (peak and
// mean source keys and calls per second, the load series of charts) uses this one width.
export const WINDOW_MS = 1000;

/** Index of the window holding virtual time t (window i covers [i * WINDOW_MS, (i + 1) * WINDOW_MS)). */
export function windowIndex(t: number): number {
  return Math.floor(t / WINDOW_MS);
}

/** End of the window holding virtual time t. */
export function windowEnd(t: number): number {
  return (windowIndex(t) + 1) * WINDOW_MS;
}

/** Windows spanned by a run whose last request came at virtual time lastTime (at least one). */
export function windowsSpanned(lastTime: number): number {
  return windowIndex(lastTime) + 1;
}
