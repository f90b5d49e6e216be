// Probabilistic admission (libCacheSim's `prob` admissioner): each candidate enters with probability
// p, drawn from the run's seed on a stream of its own, so runs are reproducible.
import type { NumberDecl } from '../../core/param-decl.ts';
import { createRng } from '../../core/rng.ts';
import type { Rng } from '../../core/types.ts';
import type { Admission, AdmissionSpec } from './admission.ts';

const P: NumberDecl = {
  name: 'admitProbability',
  kind: 'number',
  doc: 'probabilistic: the chance that a candidate is admitted (libCacheSim: 0.5)',
  default: 0.5,
  min: 0,
  max: 1,
};

class ProbabilisticAdmission implements Admission {
  readonly recordsRequests = false;
  readonly needsVictim = false;

  constructor(
    private readonly p: number,
    private readonly rng: Rng,
  ) {}

  record(): void {}

  admit(): boolean {
    return this.rng.nextDouble() < this.p;
  }
}

const probabilistic: AdmissionSpec<{ admitProbability: number }> = {
  name: 'probabilistic',
  summary: 'admit each candidate with probability admitProbability (seeded from --seed)',
  params: [P],
  create: (ctx, p) => new ProbabilisticAdmission(p.admitProbability, createRng(ctx.seed, 'probabilistic admission')),
};

export default probabilistic;
