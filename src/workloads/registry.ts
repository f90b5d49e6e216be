// Every workload, registered by one import and one line below: the generators (one file each in
// ./generators/, default-exporting a WorkloadSpec), then the stream sources that read their requests
// rather than generate them (a trace file). An explicit list rather than a directory scan:
// greppable, no top-level await, and the same from the compiled dist/. Lookups go through
// ./catalog.ts, which generators such as `mix` use without importing this file.
import trace from '../traces/trace-workload.ts';
import { registerWorkload } from './catalog.ts';
import hotspot from './generators/hotspot.ts';
import latest from './generators/latest.ts';
import mix from './generators/mix.ts';
import scan from './generators/scan.ts';
import shifting from './generators/shifting.ts';
import uniform from './generators/uniform.ts';
import zipf from './generators/zipf.ts';

registerWorkload(hotspot);
registerWorkload(latest);
registerWorkload(mix);
registerWorkload(scan);
registerWorkload(shifting);
registerWorkload(uniform);
registerWorkload(zipf);

// Stream sources.
registerWorkload(trace);

export { workloadSpec, allWorkloadSpecs } from './catalog.ts';
