// `isms report` and `isms export poam`: argument parsing and the run. The report code is its own
// bundle (dist/report.js), loaded here on first use only.
import * as path from 'node:path';
import { UsageError } from '../core/engine/check';
import { count } from '../core/model/show';
import { cliHistoryThreads } from './historyThreads';
import { asOfArgument, cliArguments } from './flags';
import { loadReportModule } from '../core/report/lazy';
import { nodeFsPromises } from '../core/nodeBuiltins';

export type ReportFormatArg = 'html' | 'md' | 'json' | 'xlsx';
const FORMATS: readonly ReportFormatArg[] = ['html', 'md', 'json', 'xlsx'];

export type ReportArguments =
  | { command: 'report'; path?: string; format?: ReportFormatArg; out?: string; asOf?: string; config?: string }
  | { command: 'export-poam'; path?: string; out?: string; asOf?: string; config?: string };

export const REPORT_HELP = `  isms report [PATH] [--format html|md|json|xlsx] [--out FILE]
              [--as-of YYYY-MM-DD] [--config FILE]
  isms export poam [PATH] [--out FILE] [--config FILE]

  report          the evidence for the auditor and top management: audit-readiness
                  summary, corrective action log, actions by owner, Statement of
                  Applicability, audits, management reviews, objectives, risks,
                  improvement plan, audit trail and diagnostics, with charts.
                  html (default; one self-contained file), md, json or xlsx (needs
                  --out or a redirected stdout); the format defaults to --out's
                  extension
  export poam     an OSCAL 1.1.2 Plan of Action and Milestones (JSON) of the open
                  nonconformities and their actions
  Exit codes: 0 written, 2 usage or fatal error (a bad config, an unwritable --out).`;

export function isReportCommand(command: string | undefined): boolean {
  return command === 'report' || command === 'export';
}

export function parseReportArguments(command: string, rest: readonly string[]): ReportArguments {
  let args: ReportArguments;
  let list = rest;
  if (command === 'export') {
    if (list[0] !== 'poam') throw new UsageError(list[0] === undefined ? "export needs what to export: 'isms export poam'" : `unknown export '${list[0]}'; the one export is 'poam'`);
    args = { command: 'export-poam' };
    list = list.slice(1);
  } else {
    args = { command: 'report' };
  }
  for (const { arg, flag, value } of cliArguments(list)) {
    switch (flag) {
      case '--format': {
        if (args.command !== 'report') throw new UsageError("--format is for 'isms report'; the POA&M is OSCAL JSON");
        const f = value();
        if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got '${f}')`);
        args.format = f as ReportFormatArg;
        break;
      }
      case '--out':
        args.out = value();
        break;
      case '--as-of':
        args.asOf = asOfArgument(value());
        break;
      case '--config':
        args.config = value();
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}'; run 'isms --help'`);
        if (args.path !== undefined) throw new UsageError(`${args.command === 'report' ? 'report' : 'export poam'} takes one PATH (got '${args.path}' and '${arg}')`);
        args.path = arg;
    }
  }
  return args;
}

export interface ReportOutcome {
  code: number;
  stdout: string;
  stderr: string;
  /** Bytes for stdout (xlsx without --out). */
  binary?: Uint8Array;
}

function formatOf(args: Extract<ReportArguments, { command: 'report' }>): ReportFormatArg {
  if (args.format) return args.format;
  const ext = args.out ? path.extname(args.out).toLowerCase() : '';
  return ext === '.md' || ext === '.markdown' ? 'md' : ext === '.json' ? 'json' : ext === '.xlsx' ? 'xlsx' : 'html';
}

export async function runReportCommand(args: ReportArguments, cwd: string, version: string, stdoutIsTty: boolean): Promise<ReportOutcome> {
  const format = args.command === 'report' ? formatOf(args) : 'json';
  if (format === 'xlsx' && !args.out && stdoutIsTty) throw new UsageError('--format xlsx writes a workbook: give --out FILE (or redirect stdout to a file)');
  const report = await loadReportModule();
  const { model, check } = await report.runReport({ cwd, paths: args.path ? [args.path] : undefined, asOf: args.asOf, configFile: args.config, historyThreads: cliHistoryThreads() });
  const content = args.command === 'report'
    ? await report.renderReport(model, format as ReportFormatArg, version)
    : report.poamJson(model, { repository: path.basename(check.root) || 'repository', version });
  if (args.out) {
    const target = path.resolve(cwd, args.out);
    try {
      await nodeFsPromises().writeFile(target, content);
    } catch (e) {
      const error = e as NodeJS.ErrnoException;
      throw new UsageError(`--out ${args.out}: cannot write the ${args.command === 'report' ? 'report' : 'POA&M'} there (${error.code ?? error.message})`);
    }
    const what = args.command === 'report' ? `${format} report as of ${check.asOf}` : `OSCAL POA&M of ${model.summary.nonconformities.open} open nonconformities`;
    return { code: 0, stdout: '', stderr: `isms: wrote the ${what} to ${args.out} (${count(check.summary.files, 'file')}, ${count(check.summary.errors, 'error')}, ${count(check.summary.warnings, 'warning')})\n` };
  }
  return typeof content === 'string' ? { code: 0, stdout: content, stderr: '' } : { code: 0, stdout: '', stderr: '', binary: content };
}
