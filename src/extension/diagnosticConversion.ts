// Engine diagnostics to VS Code diagnostics: same ranges, severities and codes as `isms check`.
import * as vscode from 'vscode';
import type { IsmsDiagnostic, Range } from '../core/model/model';
import { documentationUrl } from '../core/rules';

const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
} as const;

export function toVscodeRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

export function toVscodeDiagnostic(d: IsmsDiagnostic): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toVscodeRange(d.range), d.message, SEVERITY[d.severity]);
  diagnostic.source = 'isms';
  diagnostic.code = { value: d.code, target: vscode.Uri.parse(documentationUrl(d.code)) };
  return diagnostic;
}

export function diagnosticCode(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return code === undefined ? undefined : String(code);
}

/** The engine diagnostic a VS Code diagnostic was made from (same code, range and message). */
export function matchEngineDiagnostic(diagnostic: vscode.Diagnostic, candidates: readonly IsmsDiagnostic[]): IsmsDiagnostic | undefined {
  const code = diagnosticCode(diagnostic);
  return candidates.find((c) => c.code === code && c.message === diagnostic.message && toVscodeRange(c.range).isEqual(diagnostic.range));
}
