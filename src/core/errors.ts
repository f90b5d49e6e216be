/**
 * An error in what the user gave us (flags, config files, traces). The CLI prints its message on one
 * line and exits 2; it never shows a stack trace for these.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** The config field at fault, when known: lets a file loader point at its line. */
  readonly field: string | undefined;
  constructor(message: string, field?: string) {
    super(message);
    this.field = field;
  }
}

/** Formats a value for an error message: short, and unambiguous about its type. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? value.slice(0, 57) + '...' : value);
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (value === undefined) return 'nothing';
  try {
    const s = JSON.stringify(value);
    return s.length > 60 ? s.slice(0, 57) + '...' : s;
  } catch {
    return String(value);
  }
}
