// The CLI's argument walk, shared by every command: `--flag value`, `--flag=value` and positional
// arguments; a flag's value is taken on demand, and a missing one is one clear usage line.
import { UsageError } from '../core/engine/check';

export interface CliArgument {
  /** The argument as given. */
  arg: string;
  /** `--flag` without an `=value` part (the argument itself when it is not a flag). */
  flag: string;
  /** The flag's value: its `=value`, else the next argument. */
  value(): string;
  /** The `=value` part, for flags that take none. */
  inline: string | undefined;
}

export function* cliArguments(rest: readonly string[]): Generator<CliArgument> {
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    yield {
      arg, flag, inline,
      value: () => {
        const v = inline ?? rest[++i];
        if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
        return v;
      },
    };
  }
}

/** An `--as-of` value: a `YYYY-MM-DD` string (whether it is a real date is the engine's check). */
export function asOfArgument(v: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new UsageError(`--as-of must be a date in YYYY-MM-DD form (got '${v}')`);
  return v;
}
