// `trace stats PATH`: what a trace holds. `trace export`: any workload (synthetic, or a trace) written
// as a txt, csv or oracle-general trace file, atomically.
import type { Argv, CommandModule } from 'yargs';
import { ConfigError } from '../../core/errors.ts';
import { EXPORT_FORMATS, exportTrace, type ExportFormat } from '../../traces/trace-export.ts';
import { renderTraceStats, traceStats } from '../../traces/trace-stats.ts';
import { traceOptions, type TraceParams } from '../../traces/trace-workload.ts';
import { indexTrace } from '../../traces/trace-index.ts';
import { checkOriginalKeys, exportLosses, originalKeys } from '../../traces/original-keys.ts';
import { TIME_UNITS, type TimeUnit } from '../../traces/formats.ts';
import { readsRequests, reopenStream } from '../../workloads/stream.ts';
import { resolveWorkload } from '../../workloads/workload-config.ts';
import { refuseEvents } from '../event-flags.ts';
import { refuseWrites } from '../write-flags.ts';
import { booleanFlag, choiceFlag, stringFlag } from '../flags.ts';
import { traceFlagOptions, traceWorkloadFromFlags } from '../trace-flags.ts';
import { readRunSettings, workloadFlagOptions } from './bench.ts';
import { createProgress } from '../progress.ts';
import { withProgress } from '../progress-stream.ts';

function statsCommand(setExit: (code: number) => void): CommandModule {
  return {
    command: 'stats <path>',
    describe: 'requests, distinct keys, one-hit wonders, top 1 % / 10 % share, unbounded hit ratio; op mix and TTLs when the trace has them',
    builder: (y) =>
      traceFlagOptions(y as Argv)
        .positional('path', { type: 'string', describe: 'the trace file' })
        .option('format', { type: 'string', default: 'text', describe: 'stdout format: text or json' })
        .example('$0 trace stats traces/web.csv.gz --key-column url', '')
        .example('$0 trace stats cluster52.trace', 'a Twitter cache-trace: op mix and TTLs'),
    handler: async (argv) => {
      const a = argv as Record<string, unknown>;
      const format = choiceFlag('format', a.format, ['text', 'json']) ?? 'text';
      if (a.trace !== undefined) throw new ConfigError('trace stats: give the trace as the argument, not --trace');
      const w = traceWorkloadFromFlags({ ...a, trace: a.path });
      const stats = await traceStats(traceOptions(w!.params as unknown as TraceParams));
      process.stdout.write(format === 'json' ? `${JSON.stringify(stats, null, 2)}\n` : renderTraceStats(stats));
      setExit(0);
    },
  };
}

function exportCommand(setExit: (code: number) => void): CommandModule {
  return {
    command: 'export',
    describe: 'write a workload (--workload, synthetic, or --trace) as a txt, csv or oracle-general trace file',
    builder: (y) =>
      workloadFlagOptions(traceFlagOptions(y as Argv))
        .option('to', { type: 'string', describe: `output format: ${EXPORT_FORMATS.join(', ')}` })
        .option('output', { type: 'string', describe: 'the file to write (written atomically)' })
        .option('out-time-unit', { type: 'string', describe: 'unit of written times: csv default ms, oracle-general default s' })
        .option('original-keys', { type: 'boolean', describe: "a trace's original keys instead of its dense ids (txt, csv; oracle-general when every key is an integer >= 0)" })
        .option('progress', { type: 'boolean', describe: 'progress on stderr: a bar on a terminal, a line every 5 s otherwise (default on; --no-progress: off)' })
        .epilog(
          'Exporting a trace writes the requests as replayed: keys renumbered to dense ids (unless --original-keys), ' +
            'times relative to the first request (oracle-general: rounded down to whole --out-time-unit), no object sizes, ' +
            'bad records skipped. A trace with operations or TTLs (twitter, csv op/ttl columns) exports as csv only, with op and ttl_<unit> columns; ' +
            'txt and oracle-general refuse it (its writes would become reads). What a given export loses is listed on stderr.',
        )
        .example('$0 trace export --workload zipf --requests 1e6 --to oracle-general --output zipf.oracleGeneral.bin', '')
        .example('$0 trace export --trace web.csv.gz --key-column url --to txt --output web.txt', ''),
    handler: async (argv) => {
      const a = argv as Record<string, unknown>;
      const to = stringFlag('to', a.to);
      if (to === undefined || !(EXPORT_FORMATS as readonly string[]).includes(to))
        throw new ConfigError(`--to: ${to === undefined ? 'missing' : JSON.stringify(to)}; give one of ${EXPORT_FORMATS.join(', ')}`);
      const output = stringFlag('output', a.output);
      if (output === undefined || output === '') throw new ConfigError('--output: give the file to write');
      const unit = stringFlag('out-time-unit', a['out-time-unit']);
      if (unit !== undefined && !(TIME_UNITS as readonly string[]).includes(unit)) throw new ConfigError(`--out-time-unit: ${JSON.stringify(unit)}; allowed: ${TIME_UNITS.join(', ')}`);
      if (unit !== undefined && to === 'txt') throw new ConfigError('--out-time-unit: a txt trace has no times');
      const settings = readRunSettings(a);
      const w = traceWorkloadFromFlags(a, settings.workloadOverrides) ?? resolveWorkload(settings.workloadArg, settings.workloadOverrides);
      refuseEvents(w, 'trace export');
      refuseWrites(w, 'trace export');
      const wantOriginal = booleanFlag('original-keys', a['original-keys']) === true;
      const traceIndex = readsRequests(w) ? await indexTrace(traceOptions(w.params as unknown as TraceParams, w.requests)) : undefined;
      if (wantOriginal && !traceIndex) throw new ConfigError("--original-keys: only a trace has original keys (a synthetic workload's keys are its ids)");
      const originals = wantOriginal && traceIndex ? originalKeys(traceIndex) : undefined;
      if (originals) checkOriginalKeys(originals, to as ExportFormat, w.absentRatio);
      const progress = createProgress('exporting', typeof a.progress === 'boolean' ? a.progress : undefined);
      let done;
      try {
        done = await exportTrace(async () => withProgress(await reopenStream(w, settings.seed), (d, t) => progress.update(d, t)), {
          format: to as ExportFormat,
          output,
          timeUnit: unit as TimeUnit | undefined,
          originalKeys: originals,
        });
      } finally {
        progress.stop();
      }
      process.stderr.write(`wrote ${done.requests.toLocaleString('en-US')} requests (${done.bytes.toLocaleString('en-US')} bytes, ${to}) to ${output}\n`);
      // Say exactly what the file does not keep of the trace.
      const unitWritten = unit ?? (to === 'csv' ? 'ms' : 's');
      for (const line of traceIndex ? exportLosses(traceIndex, to as ExportFormat, originals !== undefined, unitWritten) : []) process.stderr.write(`note: ${line}\n`);
      setExit(0);
    },
  };
}

export function traceCommand(setExit: (code: number) => void): CommandModule {
  return {
    command: 'trace <command>',
    describe: 'trace files: stats, export',
    builder: (y) => y.command(statsCommand(setExit)).command(exportCommand(setExit)).demandCommand(1, 'give a trace command: stats or export'),
    handler: () => undefined,
  };
}
