// Admit every candidate: the cache as the reference design and plain libCacheSim run it (the default).
import type { Admission, AdmissionSpec } from './admission.ts';

class AlwaysAdmit implements Admission {
  readonly recordsRequests = false;
  readonly needsVictim = false;
  record(): void {}
  admit(): boolean {
    return true;
  }
}

const always: AdmissionSpec = {
  name: 'always',
  summary: 'admit every key (no admission filter)',
  params: [],
  passThrough: true,
  create: () => new AlwaysAdmit(),
};

export default always;
