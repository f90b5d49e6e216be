// Closed forms for the queues the source model reduces to, in steady state. The tests hold the
// simulated queue to them; a user can read them as the expected waits at a given load.
// Notation: lambda = arrival rate, mu = service rate of one server (1 / mean service time),
// c = servers, a = lambda / mu (offered load, in erlangs), rho = a / c (utilisation, must be < 1).

function checkStable(lambda: number, mu: number, c: number): number {
  if (!(lambda > 0) || !(mu > 0) || !Number.isSafeInteger(c) || c < 1) throw new RangeError(`need lambda > 0, mu > 0 and an integer c >= 1; got lambda ${lambda}, mu ${mu}, c ${c}`);
  const rho = lambda / (c * mu);
  if (!(rho < 1)) throw new RangeError(`utilisation lambda / (c mu) = ${rho} must be < 1 for a steady state`);
  return rho;
}

/**
 * Erlang B: the probability that all c servers are busy in the loss system M/M/c/c, by the stable
 * recursion B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)) (no factorials, no overflow).
 */
export function erlangB(c: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Erlang C: the probability that a call waits in M/M/c, C = B / (1 - rho (1 - B)). */
export function erlangC(c: number, a: number): number {
  const rho = a / c;
  const b = erlangB(c, a);
  return b / (1 - rho * (1 - b));
}

/** M/M/c mean wait in the line: Wq = C(c, a) / (c mu - lambda). */
export function mmcMeanWait(lambda: number, mu: number, c: number): number {
  checkStable(lambda, mu, c);
  return erlangC(c, lambda / mu) / (c * mu - lambda);
}

/** M/M/c mean response time (wait + service): W = Wq + 1 / mu. */
export function mmcMeanResponse(lambda: number, mu: number, c: number): number {
  return mmcMeanWait(lambda, mu, c) + 1 / mu;
}

/**
 * Pollaczek-Khinchine: M/G/1 mean wait Wq = lambda E[S^2] / (2 (1 - rho)), for any service time
 * distribution with mean 1 / mu and second moment E[S^2].
 */
export function mg1MeanWait(lambda: number, mu: number, secondMoment: number): number {
  const rho = checkStable(lambda, mu, 1);
  if (!(secondMoment >= 1 / (mu * mu))) throw new RangeError(`E[S^2] = ${secondMoment} is below (E[S])^2 = ${1 / (mu * mu)}`);
  return (lambda * secondMoment) / (2 * (1 - rho));
}

/** M/D/1 (fixed service 1 / mu, E[S^2] = 1 / mu^2): Wq = rho / (2 mu (1 - rho)). */
export function md1MeanWait(lambda: number, mu: number): number {
  const rho = checkStable(lambda, mu, 1);
  return rho / (2 * mu * (1 - rho));
}

/** Little's law: mean number waiting Lq = lambda Wq. */
export function meanQueueLength(lambda: number, meanWait: number): number {
  return lambda * meanWait;
}

/**
 * One key requested at Poisson rate lambda, each fetch taking z, with coalescing (Atre et al.,
 * "Caching with Delayed Hits", SIGCOMM'20): the requests arriving while a fetch is in flight are
 * delayed hits, lambda z per miss on average; each waits for the rest of the fetch, so a miss and its
 * delayed hits wait z + lambda z^2 / 2 in all (the integral of lambda (z - s) over [0, z]).
 */
export function delayedHitsPerMiss(lambda: number, z: number): number {
  return lambda * z;
}

export function aggregateDelayPerMiss(lambda: number, z: number): number {
  return z + (lambda * z * z) / 2;
}

/**
 * Two classes with non-preemptive priority (demand first, `backfillPriority: low`), both with
 * exponential service of rate mu, on c servers (Cobham 1954; Kleinrock, Queueing Systems II, 3.6):
 * W_high = W0 / (1 - s_high) and W_low = W0 / ((1 - s_high)(1 - s)), where W0 = C(c, a) / (c mu) is
 * the mean residual time until a server frees, s_high = lambda_high / (c mu), s = lambda / (c mu).
 */
export function mmcPriorityMeanWaits(lambdaHigh: number, lambdaLow: number, mu: number, c: number): { readonly high: number; readonly low: number } {
  const lambda = lambdaHigh + lambdaLow;
  checkStable(lambda, mu, c);
  const w0 = erlangC(c, lambda / mu) / (c * mu);
  return priorityWaits(w0, lambdaHigh / (c * mu), lambda / (c * mu));
}

/** The same for one server and a general service time (second moment E[S^2], both classes): W0 = lambda E[S^2] / 2. */
export function mg1PriorityMeanWaits(lambdaHigh: number, lambdaLow: number, mu: number, secondMoment: number): { readonly high: number; readonly low: number } {
  const lambda = lambdaHigh + lambdaLow;
  checkStable(lambda, mu, 1);
  return priorityWaits((lambda * secondMoment) / 2, lambdaHigh / mu, lambda / mu);
}

function priorityWaits(w0: number, sHigh: number, s: number): { readonly high: number; readonly low: number } {
  return { high: w0 / (1 - sHigh), low: w0 / ((1 - sHigh) * (1 - s)) };
}
