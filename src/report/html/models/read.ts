// A results folder's page model, whichever command wrote the folder. Each kind's model (and what it
// imports: a sweep's analysis, a load test's report) loads only when a folder of that kind is read, so
// a bench run pays for the bench page alone.
import { folderKind, readJson, type ReportModel } from '../report-model.ts';

export async function readReportModel(dir: string): Promise<ReportModel> {
  const kind = folderKind(dir);
  switch (kind) {
    case 'bench':
      return (await import('./bench.ts')).benchModel(dir);
    case 'sweep':
      return (await import('./sweep.ts')).sweepModel(dir);
    case 'mrc':
      return (await import('./mrc.ts')).mrcModel(dir);
    case 'check':
      return (await import('./check.ts')).checkModel(dir);
    case 'load':
      return (readJson(dir, 'summary.json') as { kind?: unknown }).kind === 'load-redis-evicts'
        ? (await import('./redis-evicts.ts')).redisEvictsModel(dir)
        : (await import('./load.ts')).loadModel(dir);
  }
}
