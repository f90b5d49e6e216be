// Discovers every generator in ./generators/ (one file each, default-exporting a WorkloadSpec), so
// adding a workload is adding one file. Import this module before looking specs up.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { registerWorkload, type AnyWorkloadSpec } from './catalog.ts';

const dir = new URL('./generators/', import.meta.url);
const files = readdirSync(fileURLToPath(dir))
  .filter((f) => /\.ts$/.test(f) && !/\.test\.ts$/.test(f) && !f.startsWith('_'))
  .sort();
for (const file of files) {
  const mod = (await import(new URL(file, dir).href)) as { default?: AnyWorkloadSpec };
  if (!mod.default || typeof mod.default.createGenerator !== 'function') {
    throw new Error(`src/workloads/generators/${file} must default-export a WorkloadSpec`);
  }
  registerWorkload(mod.default);
}

export { workloadSpec, allWorkloadSpecs } from './catalog.ts';
