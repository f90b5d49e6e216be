// The `trace` workload lives with the trace readers (src/traces/); this file registers it.
export { default } from '../../traces/trace-workload.ts';
