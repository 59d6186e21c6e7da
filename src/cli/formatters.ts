// Output formats of `isms check`: text for people, JSON for scripts, SARIF for code scanning.
import type { CheckResult } from '../core/engine/check';
import type { IsmsDiagnostic } from '../core/model/model';
import { ALL_CODES, documentationUrl } from '../core/rules';

export type OutputFormat = 'text' | 'json' | 'sarif';

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
  const s = result.summary;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(`${plural(s.files, 'file')}, ${plural(s.records, 'record')} checked as of ${result.asOf}: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.infos, 'info')}`);
  lines.push(...historyNotes(result));
  return lines.join('\n') + '\n';
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

export function formatSarif(result: CheckResult, version: string): string {
  const rules = ALL_CODES.map((c) => ({
    id: c.code,
    name: c.code,
    shortDescription: { text: c.description },
    helpUri: documentationUrl(c.code),
    defaultConfiguration: { level: SARIF_LEVEL[c.defaultSeverity] },
  }));
  const ruleIndex = new Map(ALL_CODES.map((c, i) => [c.code, i]));
  const results = result.diagnostics.map((d) => {
    const j = toJsonDiagnostic(d);
    return {
      ruleId: d.code,
      ruleIndex: ruleIndex.get(d.code),
      level: SARIF_LEVEL[d.severity],
      message: { text: d.message },
      locations: [{
        physicalLocation: {
          artifactLocation: { uri: encodeURI(d.file) },
          region: { startLine: j.line, startColumn: j.column, endLine: j.endLine, endColumn: j.endColumn },
        },
        ...(d.record ? { logicalLocations: [{ name: d.record, kind: 'object' }] } : {}),
      }],
    };
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'isms', informationUri: 'https://github.com/isms-as-code/isms-as-code', version, rules } },
      columnKind: 'utf16CodeUnits',
      properties: { asOf: result.asOf },
      results,
    }],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
