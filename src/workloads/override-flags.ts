// The key under which flag parsing records which flag gave each workload override (for error
// messages), kept apart from workload-config.ts so that the flag helpers every command uses do not
// load the workload registry.
export const OVERRIDE_FLAGS: unique symbol = Symbol('override flags');
