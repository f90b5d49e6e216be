import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default for a run is one worker fewer than the cores: one worker on a 2-core machine,
    // with a core idle while a test waits for a child process or a timer. Every core, at least two.
    maxWorkers: Math.max(2, availableParallelism()),
    setupFiles: ['./vitest.setup.ts'],
  },
});
