// The `isms` command: a thin shim over the engine's check().
import { check, UsageError } from '../core/engine/check';
import { ConfigError } from '../core/config/config';
import { blockingFileSystem } from '../core/reading/fileSystem';
import { cliHistoryThreads } from './historyThreads';
import { parseArguments, HELP } from './arguments';
import { formatGithub, formatGitlab, formatJson, formatSarif, formatText, historyNotes, type OutputFormat } from './formatters';
import { isScaffoldArguments, runScaffold } from './scaffold';
import { runReportCommand, type ReportOutcome } from './report';
import { runDigest } from './digest';

declare const ISMS_VERSION: string | undefined;
const VERSION = typeof ISMS_VERSION === 'string' ? ISMS_VERSION : '0.0.0-dev';

export async function main(argv: readonly string[], cwd: string, isTty: boolean, stdoutIsTty = isTty): Promise<ReportOutcome> {
  try {
    const args = parseArguments(argv);
    if (isScaffoldArguments(args)) return await runScaffold(args, cwd);
    if (args.command === 'report' || args.command === 'export-poam') return await runReportCommand(args, cwd, VERSION, stdoutIsTty);
    if (args.command === 'digest') return await runDigest(args, cwd);
    if (args.command !== 'check') return args.command === 'version' ? { code: 0, stdout: `${VERSION}\n`, stderr: '' } : { code: 0, stdout: HELP, stderr: '' };
    const result = await check({ cwd, fs: blockingFileSystem, requireIsmsFiles: true, paths: args.paths, asOf: args.asOf, configFile: args.config, maxWarnings: args.maxWarnings, cache: args.cache, historyThreads: cliHistoryThreads() });
    const formats: Record<OutputFormat, () => string> = {
      text: () => formatText(result, isTty),
      json: () => formatJson(result),
      sarif: () => formatSarif(result, VERSION, cwd),
      github: () => formatGithub(result),
      gitlab: () => formatGitlab(result),
    };
    const stdout = formats[args.format]();
    const notes = args.format === 'text' ? [] : historyNotes(result);
    return { code: result.exitCode, stdout, stderr: notes.map((n) => `isms: ${n}\n`).join('') };
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) return { code: 2, stdout: '', stderr: `isms: ${e.message}\n` };
    return { code: 2, stdout: '', stderr: `isms: internal error: ${(e as Error).message}\n` };
  }
}

/** Runs the CLI as a process: arguments from argv, output to stdout and stderr, exit code. */
export function run(): void {
  main(process.argv.slice(2), process.cwd(), Boolean(process.stdout.isTTY && !process.env.NO_COLOR), Boolean(process.stdout.isTTY)).then(
    ({ code, stdout, stderr, binary }) => {
      if (stderr) process.stderr.write(stderr);
      if (binary) process.stdout.write(binary, () => process.exit(code));
      else if (stdout) process.stdout.write(stdout, () => process.exit(code));
      else process.exit(code);
    },
    (e: unknown) => {
      process.stderr.write(`isms: internal error: ${(e as Error).message}\n`);
      process.exit(2);
    },
  );
}

// `node dist/cli.js …` (the tests, scripts) runs it directly; the `isms` executable is dist/isms.js.
if (require.main === module) run();
