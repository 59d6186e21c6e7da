// `isms new rca|review|nc|risk|plan|programme` and `isms init`: argument parsing and the run, over
// the core scaffolds.
import { execFileSync } from 'node:child_process';
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { check, UsageError } from '../core/engine/check';
import { localToday, parseDate } from '../core/model/dates';
import { NONCONFORMITY_SEVERITIES, NONCONFORMITY_SOURCES, RISK_TREATMENTS } from '../core/model/model';
import {
  createAuditProgramme, createImprovementPlan, createManagementReview, createNonconformity, createRisk, createRootCauseAnalysis,
  initRepository, RCA_METHODS, ScaffoldRefused, type RcaMethod, type Scaffold,
} from '../core/scaffold';
import { writeScaffold } from '../core/scaffold/write';

export type ScaffoldArguments =
  | { command: 'new-rca'; nonconformity: string; method: RcaMethod; asOf?: string; config?: string }
  | { command: 'new-review'; date?: string; markdown: boolean; asOf?: string; config?: string }
  | { command: 'new-nc'; title: string; severity: string; source: string; owner?: string; asOf?: string; config?: string }
  | { command: 'new-risk'; title: string; owner?: string; likelihood?: number; impact?: number; treatment?: string; asOf?: string; config?: string }
  | { command: 'new-plan'; year?: number; owner?: string; asOf?: string; config?: string }
  | { command: 'new-programme'; owner?: string; asOf?: string; config?: string }
  | { command: 'init'; path: string; owner?: string; asOf?: string };

export const SCAFFOLD_HELP = `  isms new rca <NC id> [--method five-whys|fishbone] [--as-of YYYY-MM-DD]
  isms new review [--date YYYY-MM-DD] [--markdown] [--as-of YYYY-MM-DD]
  isms new nc --title TITLE --severity major|minor|observation|opportunity
              --source SOURCE [--owner OWNER] [--as-of YYYY-MM-DD]
  isms new risk --title TITLE [--owner OWNER] [--likelihood 1-5] [--impact 1-5]
                [--treatment mitigate|accept|avoid|transfer] [--as-of YYYY-MM-DD]
  isms new plan [--year YYYY] [--owner OWNER] [--as-of YYYY-MM-DD]
  isms new programme [--owner OWNER] [--as-of YYYY-MM-DD]
  isms init [PATH] [--owner OWNER] [--as-of YYYY-MM-DD]

  new rca         root cause analysis RCA-<NC id> (five whys by default), linked
                  from the nonconformity's rca
  new review      the next management review (planned) for --date (default
                  as-of), inputs pre-filled from the repository; --markdown
                  also writes a Markdown agenda beside it
  new nc          a nonconformity with the next free id NC-<year>-<nnn>; owner
                  defaults to git config user.email
  new risk        a risk with the next free id R-<nnn> (likelihood and impact 3,
                  treatment mitigate by default, with a treatment plan action)
  new plan        the draft improvement plan IP-<year> (default the as-of year),
                  with the open opportunities for improvement and the objectives
                  off target as initiatives
  new programme   a three-year internal audit programme from next month, with one
                  planned internal audit a year spreading clauses 4-10 and the
                  applicable controls
  init            isms.config.yaml, the 93 Annex A 2022 controls, an example
                  nonconformity, the risk register folder and a draft improvement
                  plan in PATH (default .)
  These never overwrite a file; they print the files written. Exit codes: 0
  written, 1 refused (nothing written), 2 usage error.`;

function isDate(v: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(v) && parseDate(v) !== undefined;
}

export function parseScaffoldArguments(command: 'new' | 'init', argv: readonly string[]): ScaffoldArguments | { command: 'help' } {
  let rest = [...argv];
  let what: string = 'init';
  if (command === 'new') {
    const first = rest.shift();
    if (first === '--help' || first === '-h') return { command: 'help' };
    if (!['rca', 'review', 'nc', 'risk', 'plan', 'programme'].includes(first ?? '')) {
      const kinds = 'rca, review, nc, risk, plan or programme';
      throw new UsageError(first === undefined ? `'isms new' needs what to create: ${kinds}` : `unknown record to create '${first}'; use ${kinds}`);
    }
    what = first!;
  }
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  const allowed: Record<string, ReadonlyArray<string>> = {
    rca: ['--method', '--as-of', '--config'],
    review: ['--date', '--markdown', '--as-of', '--config'],
    nc: ['--title', '--severity', '--source', '--owner', '--as-of', '--config'],
    risk: ['--title', '--owner', '--likelihood', '--impact', '--treatment', '--as-of', '--config'],
    plan: ['--year', '--owner', '--as-of', '--config'],
    programme: ['--owner', '--as-of', '--config'],
    init: ['--owner', '--as-of'],
  };
  const booleans = new Set(['--markdown']);
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--help' || arg === '-h') return { command: 'help' };
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const name = command === 'new' ? `isms new ${what}` : 'isms init';
    if (!allowed[what].includes(flag)) throw new UsageError(`unknown option '${flag}' for ${name}; run 'isms --help'`);
    if (booleans.has(flag)) {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
      flags.set(flag, true);
      continue;
    }
    const value = inline ?? rest[++i];
    if (value === undefined || value.trim() === '') throw new UsageError(`${flag} needs a value`);
    flags.set(flag, value);
  }
  rest = [];
  const str = (flag: string) => flags.get(flag) as string | undefined;
  const asOf = str('--as-of');
  if (asOf !== undefined && !isDate(asOf)) throw new UsageError(`--as-of must be a real date in YYYY-MM-DD form (got '${asOf}')`);
  const tooMany = (max: number, what2: string) => {
    if (positional.length > max) throw new UsageError(`unexpected argument '${positional[max]}' for ${what2}`);
  };
  switch (what) {
    case 'rca': {
      tooMany(1, 'isms new rca');
      if (positional.length === 0) throw new UsageError(`'isms new rca' needs the id of a nonconformity, e.g. isms new rca NC-2026-003`);
      const method = str('--method') ?? 'five-whys';
      if (!(RCA_METHODS as readonly string[]).includes(method)) throw new UsageError(`--method must be one of ${RCA_METHODS.join(', ')} (got '${method}')`);
      return { command: 'new-rca', nonconformity: positional[0], method: method as RcaMethod, asOf, config: str('--config') };
    }
    case 'review': {
      tooMany(0, 'isms new review');
      const date = str('--date');
      if (date !== undefined && !isDate(date)) throw new UsageError(`--date must be a real date in YYYY-MM-DD form (got '${date}')`);
      return { command: 'new-review', date, markdown: flags.get('--markdown') === true, asOf, config: str('--config') };
    }
    case 'nc': {
      tooMany(0, 'isms new nc');
      const title = str('--title');
      const severity = str('--severity');
      const source = str('--source');
      if (!title) throw new UsageError(`'isms new nc' needs --title`);
      if (!severity) throw new UsageError(`'isms new nc' needs --severity (${NONCONFORMITY_SEVERITIES.join(', ')})`);
      if (!(NONCONFORMITY_SEVERITIES as readonly string[]).includes(severity)) throw new UsageError(`--severity must be one of ${NONCONFORMITY_SEVERITIES.join(', ')} (got '${severity}')`);
      if (!source) throw new UsageError(`'isms new nc' needs --source (${NONCONFORMITY_SOURCES.join(', ')})`);
      if (!(NONCONFORMITY_SOURCES as readonly string[]).includes(source)) throw new UsageError(`--source must be one of ${NONCONFORMITY_SOURCES.join(', ')} (got '${source}')`);
      return { command: 'new-nc', title, severity, source, owner: str('--owner'), asOf, config: str('--config') };
    }
    case 'risk': {
      tooMany(0, 'isms new risk');
      const title = str('--title');
      if (!title) throw new UsageError(`'isms new risk' needs --title`);
      const level = (flag: string) => {
        const v = str(flag);
        if (v === undefined) return undefined;
        if (!/^[1-5]$/.test(v)) throw new UsageError(`${flag} must be a whole number from 1 to 5 (got '${v}')`);
        return Number(v);
      };
      const treatment = str('--treatment');
      if (treatment !== undefined && !(RISK_TREATMENTS as readonly string[]).includes(treatment)) throw new UsageError(`--treatment must be one of ${RISK_TREATMENTS.join(', ')} (got '${treatment}')`);
      return { command: 'new-risk', title, owner: str('--owner'), likelihood: level('--likelihood'), impact: level('--impact'), treatment, asOf, config: str('--config') };
    }
    case 'plan': {
      tooMany(0, 'isms new plan');
      const year = str('--year');
      if (year !== undefined && !/^\d{4}$/.test(year)) throw new UsageError(`--year must be a year like 2027 (got '${year}')`);
      return { command: 'new-plan', year: year === undefined ? undefined : Number(year), owner: str('--owner'), asOf, config: str('--config') };
    }
    case 'programme':
      tooMany(0, 'isms new programme');
      return { command: 'new-programme', owner: str('--owner'), asOf, config: str('--config') };
    default:
      tooMany(1, 'isms init');
      return { command: 'init', path: positional[0] ?? '.', owner: str('--owner'), asOf };
  }
}

/** `git config user.email` in `cwd`, or undefined. */
export function gitUserEmail(cwd: string): string | undefined {
  try {
    const email = execFileSync('git', ['config', 'user.email'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
    return email || undefined;
  } catch {
    return undefined;
  }
}

export async function runScaffold(args: ScaffoldArguments, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    let root: string;
    let scaffold: Scaffold;
    if (args.command === 'init') {
      root = path.resolve(cwd, args.path);
      if (nodeFs.existsSync(root) && !nodeFs.statSync(root).isDirectory()) throw new UsageError(`${args.path}: not a folder`);
      const owner = args.owner ?? gitUserEmail(nodeFs.existsSync(root) ? root : cwd);
      if (!owner) throw new UsageError(`--owner is needed (no git config user.email to take it from)`);
      scaffold = initRepository({ asOf: args.asOf ?? localToday(), owner });
    } else {
      const result = await check({ cwd, asOf: args.asOf, configFile: args.config });
      root = result.root;
      const asOf = result.asOf;
      if (args.command === 'new-rca') {
        scaffold = createRootCauseAnalysis(result.index, result.config, { nonconformity: args.nonconformity, method: args.method, asOf });
      } else if (args.command === 'new-review') {
        scaffold = createManagementReview(result.index, result.config, { date: args.date ?? asOf, asOf, markdown: args.markdown });
      } else {
        const owner = args.owner ?? gitUserEmail(cwd);
        if (!owner) throw new UsageError(`--owner is needed (no git config user.email to take it from)`);
        if (args.command === 'new-nc') {
          scaffold = createNonconformity(result.index, result.config, { title: args.title, severity: args.severity, source: args.source, owner, asOf });
        } else if (args.command === 'new-risk') {
          scaffold = createRisk(result.index, result.config, { title: args.title, owner, likelihood: args.likelihood, impact: args.impact, treatment: args.treatment, asOf });
        } else if (args.command === 'new-plan') {
          scaffold = createImprovementPlan(result.index, result.config, { year: args.year, owner, asOf });
        } else {
          scaffold = createAuditProgramme(result.index, result.config, { owner, asOf });
        }
      }
    }
    const written = await writeScaffold(root, scaffold);
    const shown = (p: string) => path.relative(cwd, path.join(root, ...p.split('/'))).split(path.sep).join('/') || p;
    const lines = [...written.created.map((p) => `created ${shown(p)}`), ...written.updated.map((p) => `updated ${shown(p)}`)];
    return { code: 0, stdout: `${lines.join('\n')}\n`, stderr: '' };
  } catch (e) {
    if (e instanceof ScaffoldRefused) return { code: 1, stdout: '', stderr: `isms: ${e.message}\n` };
    throw e;
  }
}

export function isScaffoldArguments(args: { command: string }): args is ScaffoldArguments {
  return ['new-rca', 'new-review', 'new-nc', 'new-risk', 'new-plan', 'new-programme', 'init'].includes(args.command);
}
