/**
 * The one option tokenizer of every CLI command (report, doctor, audit, diff, catalog, contracts, request, codeowners).
 * It knows only the shape of a command line: `--name value`, `--name=value`, repeatable options, boolean flags,
 * `-h/--help` and positional arguments. Each command keeps its own validation of the values and its own messages.
 *
 * One strict rule for every command: a value never starts with `--` (`--out --today` is "--out needs a value"), an
 * empty `--name=` gives no value, a flag takes no `=value`, and an option that does not repeat is given at most once.
 */

/** The options of one command. */
export interface ArgvSpec {
  /** Options that take a value (`--out dir`, `--out=dir`). */
  readonly values?: readonly string[];
  /** Of `values`, those that may be given more than once (their values in order). */
  readonly repeatable?: readonly string[];
  /** Boolean flags (`--check`). */
  readonly flags?: readonly string[];
  /** Whether positional arguments are accepted. Default: true. */
  readonly positional?: boolean;
  /** The message when an option's value is missing, per option. Default: `<option> needs a value`. */
  readonly needs?: Readonly<Record<string, string>>;
}

/** What is wrong with a command line (the first problem, in argument order). */
export interface ArgvProblem {
  readonly kind: 'needs-value' | 'unknown-option' | 'takes-no-value' | 'given-twice' | 'unexpected-argument';
  /** The option (without `=value`), or the argument itself. */
  readonly option: string;
  /** The argument as given. */
  readonly arg: string;
  /** A message naming the option (commands may word their own from `kind`). */
  readonly message: string;
}

/** A command line, tokenized. */
export interface ParsedArgv {
  /** `-h` or `--help` is anywhere on the line (commands print their usage first, whatever else is wrong). */
  readonly help: boolean;
  readonly flags: ReadonlySet<string>;
  /** Each value option given, with its values in order. */
  readonly values: ReadonlyMap<string, readonly string[]>;
  readonly positional: readonly string[];
  readonly problem?: ArgvProblem;
}

/** Tokenizes `argv` (after the command word) by `spec`. */
export function parseArgv(argv: readonly string[], spec: ArgvSpec): ParsedArgv {
  const takes = new Set(spec.values ?? []);
  const repeats = new Set(spec.repeatable ?? []);
  const flagNames = new Set(spec.flags ?? []);
  const flags = new Set<string>();
  const values = new Map<string, string[]>();
  const positional: string[] = [];
  const help = argv.includes('-h') || argv.includes('--help');
  const result = (problem?: ArgvProblem): ParsedArgv => ({ help, flags, values, positional, ...(problem ? { problem } : {}) });
  const problem = (kind: ArgvProblem['kind'], option: string, arg: string, message: string) => result({ kind, option, arg, message });
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') continue;
    if (!arg.startsWith('-') || arg === '-') {
      if (spec.positional === false) return problem('unexpected-argument', arg, arg, `unexpected argument '${arg}'`);
      positional.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (flagNames.has(name)) {
      if (eq > 0) return problem('takes-no-value', name, arg, `${name} takes no value`);
      flags.add(name);
      continue;
    }
    if (!takes.has(name)) return problem('unknown-option', name, arg, `unknown option '${arg}'`);
    let value: string | undefined;
    if (eq > 0) {
      value = arg.slice(eq + 1);
    } else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
      value = argv[++i];
    }
    if (value === undefined || value === '') return problem('needs-value', name, arg, spec.needs?.[name] ?? `${name} needs a value`);
    const given = values.get(name);
    if (given !== undefined && !repeats.has(name)) return problem('given-twice', name, arg, `${name} is given twice`);
    values.set(name, [...(given ?? []), value]);
  }
  return result();
}

/** The value of a (non-repeatable) option, or undefined. */
export function optionValue(parsed: ParsedArgv, name: string): string | undefined {
  return parsed.values.get(name)?.[0];
}
