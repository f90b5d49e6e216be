// A results folder's page model, whichever command wrote the folder.
import { folderKind, type ReportModel } from '../report-model.ts';
import { benchModel } from './bench.ts';
import { sweepModel } from './sweep.ts';

export function readReportModel(dir: string): ReportModel {
  const kind = folderKind(dir);
  switch (kind) {
    case 'bench':
      return benchModel(dir);
    case 'sweep':
      return sweepModel(dir);
    default:
      throw new Error(`report: ${kind} folders are not supported yet`);
  }
}
