// yargs' own usage errors made helpful: "Unknown argument: capcity" becomes
// "unknown flag --capcity; did you mean --capacity?" using the options of the command being run
// (and the command names, for an unknown word that was not a flag).
import { closest } from '../core/suggest.ts';

/** What the `fail` callback's third argument offers (yargs' usage instance). */
export interface UsageLike {
  getDescriptions?(): Record<string, unknown>;
  getCommands?(): ReadonlyArray<readonly unknown[]>;
}

const camelToKebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Rewrites an "Unknown argument(s): ..." message; other messages are returned unchanged. */
export function explainUsageError(msg: string, usage: UsageLike | undefined, argv: readonly string[]): string {
  const m = /^Unknown arguments?: (.+)$/.exec(msg.trim());
  if (!m) return msg;
  const names = m[1]!
    .split(', ')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  // yargs lists a kebab flag twice (foo-bar, fooBar): keep the spelling the user typed.
  const typed = names.filter((n) => !(n !== camelToKebab(n) && names.includes(camelToKebab(n))));
  const options = Object.keys(usage?.getDescriptions?.() ?? {});
  const commands = (usage?.getCommands?.() ?? []).map((c) => String(c[0] ?? '').split(/\s/)[0]!).filter((c) => c !== '' && c !== '$0');
  const isFlag = (n: string) => argv.some((a) => a === `--${n}` || a.startsWith(`--${n}=`) || a === `-${n}` || a === `--no-${n}`);
  const parts = typed.map((n) => {
    if (isFlag(n)) {
      const guess = closest(n, options);
      return `--${n}${guess === undefined ? '' : ` (did you mean --${guess}?)`}`;
    }
    const guess = closest(n, commands);
    return `${JSON.stringify(n)}${guess === undefined ? '' : ` (did you mean the command ${guess}?)`}`;
  });
  const what = typed.every(isFlag) ? 'flag' : 'argument';
  return `unknown ${what}${parts.length === 1 ? '' : 's'} ${parts.join(', ')}; see --help for the flags this command takes`;
}
