// Command-line arguments of `isms`, parsed strictly: a bad flag is a usage error (exit 2).
import { UsageError } from '../core/engine/check';
import { asOfArgument, cliArguments } from './flags';
import { OUTPUT_FORMATS, type OutputFormat } from './formatters';
import { parseScaffoldArguments, SCAFFOLD_HELP, type ScaffoldArguments } from './scaffold';
import { isReportCommand, parseReportArguments, REPORT_HELP, type ReportArguments } from './report';
import { DIGEST_HELP, type DigestArguments } from './digest';

export interface CheckArguments {
  command: 'check';
  paths: string[];
  format: OutputFormat;
  asOf?: string;
  maxWarnings?: number;
  config?: string;
  /** `--cache` / `--cache-location FILE` (implies --cache). */
  cache?: { file?: string };
}

export interface HelpArguments {
  command: 'help' | 'version';
}

export type CliArguments = CheckArguments | HelpArguments | ScaffoldArguments | DigestArguments | ReportArguments;

const FORMATS = OUTPUT_FORMATS;

export function parseArguments(argv: readonly string[]): CliArguments {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
  if (command === '--version' || command === '-v') return { command: 'version' };
  if (command === 'new' || command === 'init') return parseScaffoldArguments(command, rest);
  if (isReportCommand(command)) return parseReportArguments(command, rest);
  if (command === 'digest') return parseDigestArguments(rest);
  if (command !== 'check') throw new UsageError(`unknown command '${command}'; run 'isms --help'`);
  const args: CheckArguments = { command: 'check', paths: [], format: 'text' };
  for (const { arg, flag, inline, value } of cliArguments(rest)) {
    switch (flag) {
      case '--format': {
        const f = value();
        if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got '${f}')`);
        args.format = f as OutputFormat;
        break;
      }
      case '--as-of':
        args.asOf = asOfArgument(value());
        break;
      case '--max-warnings': {
        const v = value();
        if (!/^\d+$/.test(v)) throw new UsageError(`--max-warnings must be a whole number, 0 or more (got '${v}')`);
        args.maxWarnings = Number(v);
        break;
      }
      case '--config':
        args.config = value();
        break;
      case '--cache':
        if (inline !== undefined) throw new UsageError('--cache takes no value; use --cache-location FILE');
        args.cache = { file: args.cache?.file };
        break;
      case '--cache-location':
        args.cache = { file: value() };
        break;
      case '--help':
      case '-h':
        return { command: 'help' };
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}'; run 'isms --help'`);
        args.paths.push(arg);
    }
  }
  return args;
}

function parseDigestArguments(rest: readonly string[]): DigestArguments | HelpArguments {
  const args: DigestArguments = { command: 'digest', paths: [], format: 'md' };
  for (const { arg, flag, value } of cliArguments(rest)) {
    switch (flag) {
      case '--format': {
        const f = value();
        if (f !== 'md' && f !== 'json') throw new UsageError(`--format must be md or json for isms digest (got '${f}')`);
        args.format = f;
        break;
      }
      case '--owner':
        args.owner = value();
        break;
      case '--within': {
        const v = value();
        if (!/^\d+$/.test(v)) throw new UsageError(`--within must be a whole number of days, 0 or more (got '${v}')`);
        args.within = Number(v);
        break;
      }
      case '--as-of':
        args.asOf = asOfArgument(value());
        break;
      case '--config':
        args.config = value();
        break;
      case '--link-base':
        args.linkBase = value();
        break;
      case '--help':
      case '-h':
        return { command: 'help' };
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}' for isms digest; run 'isms --help'`);
        if (args.paths.length > 0) throw new UsageError(`isms digest takes one PATH (got '${args.paths[0]}' and '${arg}')`);
        args.paths.push(arg);
    }
  }
  return args;
}

export const HELP = `isms — check an ISO/IEC 27001 ISMS kept as YAML files

Usage:
  isms check [PATH ...] [--format text|json|sarif|github|gitlab] [--as-of YYYY-MM-DD]
             [--max-warnings N] [--config FILE] [--cache] [--cache-location FILE]

  PATH            folders or files to report on (default .); the whole repository
                  is indexed so references resolve
  --format        text (default), json, sarif (code scanning), github (workflow
                  command annotations) or gitlab (Code Quality report)
  --as-of         the date time-based rules compare against (default today)
  --max-warnings  exit 1 when there are more warnings than N
  --config        use FILE instead of the repository's isms.config.yaml
  --cache         reuse the parsed and validated results of unchanged files from the
                  last run (stored by content hash in .ismscache at the repository
                  root); results are identical, only faster
  --cache-location  store the cache in FILE instead (implies --cache)

Exit codes: 0 no errors, 1 errors (or too many warnings), 2 usage or fatal error.

Reports and exports (from the same check; never a second judgement):
${REPORT_HELP}

Reminders (for a scheduled CI job):
${DIGEST_HELP}

Scaffolds (write new records from what the repository knows; never overwrite):
${SCAFFOLD_HELP}
`;
