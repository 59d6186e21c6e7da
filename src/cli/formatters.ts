// Output formats of `isms check`: text for people, JSON for scripts, SARIF for code scanning.
import { createHash } from '../core/nodeBuiltins';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CheckResult } from '../core/engine/check';
import type { IsmsDiagnostic } from '../core/model/model';
import { ALL_CODES, documentationUrl } from '../core/rules';
import { plainText, ruleDocumentation, ruleName } from '../core/rules/documentation';
import { count } from '../core/model/show';

export type OutputFormat = 'text' | 'json' | 'sarif' | 'github' | 'gitlab';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif', 'github', 'gitlab'];

interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: IsmsDiagnostic['severity'];
  code: string;
  record?: string;
  message: string;
}

export function toJsonDiagnostic(d: IsmsDiagnostic): JsonDiagnostic {
  const out: JsonDiagnostic = {
    file: d.file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: d.severity,
    code: d.code,
    message: d.message,
  };
  if (d.record !== undefined) out.record = d.record;
  return out;
}

export function formatJson(result: CheckResult): string {
  return JSON.stringify({ asOf: result.asOf, summary: result.summary, diagnostics: result.diagnostics.map(toJsonDiagnostic) }, null, 2) + '\n';
}

const COLOURS = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m', dim: '\x1b[2m', reset: '\x1b[0m' };

export function formatText(result: CheckResult, colour: boolean): string {
  const paint = (text: string, c: keyof typeof COLOURS) => (colour ? `${COLOURS[c]}${text}${COLOURS.reset}` : text);
  const lines = result.diagnostics.map((d) => {
    const j = toJsonDiagnostic(d);
    return `${j.file}:${j.line}:${j.column}: ${paint(d.severity, d.severity)} ${d.code}: ${d.message}${d.record ? paint(` [${d.record}]`, 'dim') : ''}`;
  });
  lines.push(summaryLine(result), ...historyNotes(result));
  return lines.join('\n') + '\n';
}

function summaryLine(result: CheckResult): string {
  const s = result.summary;
  return `${count(s.files, 'file')}, ${count(s.records, 'record')} checked as of ${result.asOf}: ${count(s.errors, 'error')}, ${count(s.warnings, 'warning')}, ${count(s.infos, 'info')}`;
}

/** At most this many skipped history versions are named; the rest are counted. */
const SKIPPED_SHOWN = 5;

/**
 * What the summary says about the history from git: nothing when it was read cleanly; one line
 * when it could not be (off, no git, not a work tree, shallow), and the versions skipped with why.
 * Text output prints these after the summary; json and sarif print them on stderr (their shape stays).
 */
export function historyNotes(result: CheckResult): string[] {
  const history = result.history;
  if (!history.available) return [history.reason];
  const notes = history.skipped.slice(0, SKIPPED_SHOWN).map((s) => `history: skipped ${s.file} at ${s.commit}: ${s.reason}`);
  if (history.skipped.length > SKIPPED_SHOWN) notes.push(`history: ${history.skipped.length - SKIPPED_SHOWN} more versions in history skipped`);
  return notes;
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/** The base the artifact URIs are relative to: the working directory `isms check` ran in, the checkout root in CI. */
const SRCROOT = '%SRCROOT%';

/**
 * SARIF 2.1.0 as GitHub code scanning wants it (checked by the SARIF Multitool's GitHub rules in
 * test/unit/sarif.test.ts): rule metadata from the rule documentation, relative URIs and
 * fingerprints that survive unrelated edits.
 */
export function formatSarif(result: CheckResult, version: string, cwd: string): string {
  const rules = ALL_CODES.map((c) => {
    const doc = ruleDocumentation(c.code);
    const markdown = doc ? doc.markdown.join('\n') : c.description;
    const text = doc ? plainText(doc.markdown) : c.description;
    return {
      id: c.code,
      name: ruleName(c.code),
      shortDescription: { text: c.description },
      fullDescription: { text },
      help: { text: `${text}\n\nDocumentation: ${documentationUrl(c.code)}`, markdown: `${markdown}\n\n[Documentation](${documentationUrl(c.code)})` },
      helpUri: documentationUrl(c.code),
      defaultConfiguration: { level: SARIF_LEVEL[c.defaultSeverity] },
      properties: { tags: ['isms', 'iso27001', ...(doc?.tags ?? [])] },
    };
  });
  const ruleIndex = new Map(ALL_CODES.map((c, i) => [c.code, i]));
  const fingerprints = new FingerprintCounter();
  const results = result.diagnostics.map((d) => {
    const j = toJsonDiagnostic(d);
    return {
      ruleId: d.code,
      ruleIndex: ruleIndex.get(d.code),
      level: SARIF_LEVEL[d.severity],
      message: { text: d.message },
      locations: [{
        physicalLocation: {
          artifactLocation: { uri: d.file.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT },
          region: { startLine: j.line, startColumn: j.column, endLine: j.endLine, endColumn: j.endColumn },
        },
        ...(d.record ? { logicalLocations: [{ name: d.record, kind: 'object' }] } : {}),
      }],
      partialFingerprints: { 'ismsFinding/v1': fingerprints.next(d) },
    };
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'isms', fullName: 'ISMS as Code (isms check)', informationUri: 'https://github.com/isms-as-code/isms-as-code', version, semanticVersion: version, rules } },
      automationDetails: { id: 'isms/' },
      originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(cwd.endsWith(path.sep) ? cwd : cwd + path.sep).href } },
      columnKind: 'utf16CodeUnits',
      properties: { asOf: result.asOf },
      results,
    }],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

/**
 * A finding's identity across commits: the file, the rule, the record id, the node path and the
 * message without what changes by itself (relative days, parser positions); never line numbers,
 * so an alert survives edits above it. Equal identities in one run are told apart by occurrence.
 */
export function findingIdentity(d: IsmsDiagnostic): string {
  const message = d.message
    .split('\n')[0]
    .replace(/\b(\d+ days? ago|in \d+ days?|today)\b/g, '…')
    .replace(/\s*at line \d+, column \d+/g, '');
  return [d.file, d.code, d.record ?? '', (d.path ?? []).join('.'), message].join('\u0000');
}

class FingerprintCounter {
  private readonly seen = new Map<string, number>();

  next(d: IsmsDiagnostic): string {
    const hash = createHash('sha256').update(findingIdentity(d)).digest('hex').slice(0, 32);
    const n = (this.seen.get(hash) ?? 0) + 1;
    this.seen.set(hash, n);
    return `${hash}:${n}`;
  }
}

const GITHUB_COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

/** Workflow command data: `%`, CR and LF are escaped (GitHub's toolkit, command.ts escapeData). */
export function escapeGithubData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow command property values: the data escapes plus `:` and `,`, which end a property. */
export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * GitHub Actions workflow commands, one per diagnostic, so findings show as pull-request
 * annotations on any plan (code scanning needs GitHub Advanced Security on private repositories).
 */
export function formatGithub(result: CheckResult): string {
  const lines = result.diagnostics.map((d) => {
    const j = toJsonDiagnostic(d);
    const properties = [
      `file=${escapeGithubProperty(j.file)}`,
      `line=${j.line}`,
      `endLine=${j.endLine}`,
      `col=${j.column}`,
      `endColumn=${j.endColumn}`,
      `title=${escapeGithubProperty(d.code)}`,
    ].join(',');
    return `::${GITHUB_COMMAND[d.severity]} ${properties}::${escapeGithubData(d.message + (d.record ? ` [${d.record}]` : ''))}`;
  });
  lines.push(summaryLine(result));
  return lines.join('\n') + '\n';
}

const GITLAB_SEVERITY = { error: 'major', warning: 'minor', info: 'info' } as const;

/** GitLab Code Quality report (a JSON array), shown in merge request widgets and diffs. */
export function formatGitlab(result: CheckResult): string {
  const fingerprints = new FingerprintCounter();
  const issues = result.diagnostics.map((d) => {
    const j = toJsonDiagnostic(d);
    return {
      type: 'issue',
      check_name: d.code,
      description: d.message + (d.record ? ` [${d.record}]` : ''),
      content: { body: `${ALL_CODES.find((c) => c.code === d.code)?.description ?? ''} ${documentationUrl(d.code)}`.trim() },
      categories: ['Compliance'],
      severity: GITLAB_SEVERITY[d.severity],
      fingerprint: fingerprints.next(d),
      location: { path: j.file, lines: { begin: j.line, end: j.endLine } },
    };
  });
  return JSON.stringify(issues, null, 2) + '\n';
}
