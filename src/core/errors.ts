/**
 * An error in what the user gave us (flags, config files, traces). The CLI prints its message on one
 * line and exits 2; it never shows a stack trace for these.
 *
 * The message is `where: detail` when the error knows where (a flag, "strategy lru-backfill", a
 * file:line): callers that know better where the value came from move the error there with
 * `relocated` or `within`, which keep the detail and the field, instead of rewriting the message.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** The config field at fault, when known: lets a file loader point at its line. */
  readonly field: string | undefined;
  /** Where the bad value was given, when known. */
  readonly where: string | undefined;
  /** What was wrong and what is allowed, without the location. */
  readonly detail: string;

  constructor(message: string, field?: string, where?: string) {
    super(where === undefined ? message : `${where}: ${message}`);
    this.field = field;
    this.where = where;
    this.detail = message;
  }

  /** An error at `where` (the message reads `where: detail`). */
  static at(where: string, detail: string, field?: string): ConfigError {
    return new ConfigError(detail, field, where);
  }

  /** The same detail, placed at `where` instead (the field kept unless given). */
  relocated(where: string, field: string | undefined = this.field): ConfigError {
    return new ConfigError(this.detail, field, where);
  }

  /** The same error inside an outer location: `outer: where: detail`. */
  within(outer: string): ConfigError {
    return new ConfigError(this.detail, this.field, this.where === undefined ? outer : `${outer}: ${this.where}`);
  }

  /** The detail prefixed by a part of the location (e.g. `components[2]`), moved to `where`. */
  nestedAt(where: string, part: string, field: string | undefined = this.field): ConfigError {
    return new ConfigError(`${part}: ${this.detail}`, field, where);
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
