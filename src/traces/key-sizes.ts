// Each key's object size as first seen in a trace (4 bytes a distinct key), built during the first
// pass from first-seen ids, then renumbered with the dictionary. It gives the size a backfill loads
// and the working set in bytes. Whether any key's size changes between requests is noted too: then
// the demand fills must take each request's own size, as libCacheSim does (a miss inserts the
// request's obj_size; a hit leaves the cached size alone), so the decoded trace keeps them.
import { recordedSize } from '../core/object-sizes.ts';

export class KeySizeTable {
  private sizes = new Uint32Array(1 << 12);
  /** Keys seen so far (first-seen ids are handed out 0, 1, 2 ...). */
  private seen = 0;
  /** Some key was requested with two different sizes. */
  varies = false;

  /** Records a batch of requests: first-seen ids and their recorded sizes. */
  observe(ids: Uint32Array, sizes: Float64Array, n: number): void {
    let table = this.sizes;
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      const size = recordedSize(sizes[i]!);
      if (id >= this.seen) {
        if (id >= table.length) {
          let len = table.length;
          while (len <= id) len *= 2;
          const grown = new Uint32Array(len);
          grown.set(table);
          table = this.sizes = grown;
        }
        table[id] = size;
        this.seen = id + 1;
      } else if (table[id] !== size) {
        this.varies = true;
      }
    }
  }

  /** The table indexed by the renumbered ids (`perm`: first-seen id -> source-order id). */
  finish(perm: Uint32Array | undefined, distinct: number): Uint32Array {
    const out = new Uint32Array(new SharedArrayBuffer(distinct * 4));
    if (perm === undefined) out.set(this.sizes.subarray(0, distinct));
    else for (let i = 0; i < distinct; i++) out[perm[i]!] = this.sizes[i]!;
    return out;
  }
}
