// A results folder's page model, whichever command wrote the folder.
import { folderKind, type ReportModel } from '../report-model.ts';
import { benchModel } from './bench.ts';
import { sweepModel } from './sweep.ts';
import { mrcModel } from './mrc.ts';
import { checkModel } from './check.ts';
import { loadModel } from './load.ts';
import { redisEvictsModel } from './redis-evicts.ts';
import { readJson } from '../report-model.ts';

export function readReportModel(dir: string): ReportModel {
  const kind = folderKind(dir);
  switch (kind) {
    case 'bench':
      return benchModel(dir);
    case 'sweep':
      return sweepModel(dir);
    case 'mrc':
      return mrcModel(dir);
    case 'check':
      return checkModel(dir);
    case 'load':
      return (readJson(dir, 'summary.json') as { kind?: unknown }).kind === 'load-redis-evicts' ? redisEvictsModel(dir) : loadModel(dir);
  }
}
