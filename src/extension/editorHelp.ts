// Hover, go to definition, find references and completion for ISMS records, from the engine's
// index and the schemas (not `yamlValidation`, which would double the schema diagnostics).
import * as vscode from 'vscode';
import { ANNEX_A_CONTROLS, catalogControl, control2013, THEME_NAMES } from '../core/catalog';
import { parseDate, relativeDays } from '../core/model/dates';
import { recordAtOffset, type IsmsFile } from '../core/reading/ismsFile';
import { currentRiskScore, inherentRiskScore } from '../core/model/loop';
import { isMapping, listField, RECORD_KINDS, type RecordKind } from '../core/model/model';
import { latestMeasurement, offTargetMeasurement } from '../core/rules/objectiveOffTarget';
import { nodeAtOffset, valueRange } from '../core/parse/nodes';
import { referencedKind, referencesOf, type IsmsRecord } from '../core/model/records';
import { fieldInfo } from '../core/schema/fieldCatalog';
import { statusHoverLines } from '../core/views/hoverLines';
import type { IsmsFolder } from './ismsFolder';
import type { IsmsServices } from './services';
import { dueHistoryHover, nonconformityHistoryLines } from './historyHover';

interface IdAtPosition {
  id: string;
  range: vscode.Range;
  /** The kind a reference expects, or the record's own kind for its `id`. */
  kind: RecordKind | undefined;
}

export class IsmsEditorHelp implements vscode.HoverProvider, vscode.DefinitionProvider, vscode.ReferenceProvider, vscode.CompletionItemProvider {
  constructor(private readonly services: IsmsServices) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    // As completion: the id under the cursor from the current text, its status as the Problems
    // panel shows it now (the pending re-check is not forced, so a hover never waits for it).
    const folder = this.folderOf(document, { flush: false });
    const at = folder && this.idAt(folder, document, position);
    if (!folder) return undefined;
    if (!at) return dueHistoryHover(folder, document, position) ?? this.fieldHover(folder, document, position);
    const markdown = describeId(folder, at);
    if (markdown && at.kind === 'Nonconformity' && folder.dueHistory) {
      const lines = nonconformityHistoryLines(folder.dueHistory, at.id);
      if (lines.length > 0) markdown.appendMarkdown(`\n\nHistory (git):\n${lines.map((l) => `- ${escape(l)}`).join('\n')}`);
    }
    return markdown ? new vscode.Hover(markdown, at.range) : undefined;
  }

  provideDefinition(document: vscode.TextDocument, position: vscode.Position): vscode.Location[] | undefined {
    const folder = this.folderOf(document);
    const at = folder && this.idAt(folder, document, position);
    if (!folder || !at) return undefined;
    return folder.index.recordsWithId(at.id).filter((r) => !at.kind || r.kind === at.kind).map((r) => recordLocation(folder, r));
  }

  provideReferences(document: vscode.TextDocument, position: vscode.Position, context: vscode.ReferenceContext): vscode.Location[] | undefined {
    const folder = this.folderOf(document);
    const at = folder && this.idAt(folder, document, position);
    if (!folder || !at) return undefined;
    const locations: vscode.Location[] = [];
    if (context.includeDeclaration) for (const r of folder.index.recordsWithId(at.id)) locations.push(recordLocation(folder, r));
    for (const record of folder.index.records()) {
      for (const ref of referencesOf(record)) {
        if (ref.target !== at.id) continue;
        const range = valueRange(record.doc, ref.path);
        const file = folder.index.file(record.file);
        if (range && file) locations.push(new vscode.Location(folder.uriOf(record.file), toRange(file.lines.range(range[0], range[1]))));
      }
    }
    return locations;
  }

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] | undefined {
    // No flush of the pending re-check here: completion reads the document's own text and, for
    // the ids of other files, the index as it stands, so it never waits for a whole re-check
    // (publishing, status model, views) right after a keystroke.
    const folder = this.folderOf(document, { flush: false });
    if (!folder) return undefined;
    const line = document.lineAt(position.line).text.slice(0, position.character);
    const valueMatch = /^(\s*)(?:-\s+)?([A-Za-z_][\w-]*):\s*(\S*)$/.exec(line) ?? /^(\s*)-\s+(\S*)$/.exec(line);
    const current = folder.readDocument(document);
    const idSources = { folder, current };
    const record = recordAtOffset(current, document.offsetAt(position));
    const kind = record?.kind;
    // Inside a flow list, `controls: [A.5.1, A.8.|`: the list's items (ids, enum values).
    const flowList = /^(\s*)(?:-\s+)?([A-Za-z_][\w-]*):\s*\[([^\]]*)$/.exec(line);
    if (flowList && record) {
      const typed = /[^,[\s]*$/.exec(line)![0];
      const keyOffset = document.offsetAt(new vscode.Position(position.line, line.indexOf(flowList[2], flowList[1].length)));
      const at = nodeAtOffset(record.doc, keyOffset);
      const path = at?.onKey ? at.path : [flowList[2]];
      return withRange(this.valueCompletions(idSources, kind, [...path, 0]), document, position, typed);
    }
    const keyValue = /^(\s*)(?:-\s+)?([A-Za-z_][\w-]*):\s*(\S*)$/.exec(line);
    if (keyValue && record) {
      const keyOffset = document.offsetAt(new vscode.Position(position.line, line.indexOf(keyValue[2], keyValue[1].length)));
      const at = nodeAtOffset(record.doc, keyOffset);
      const path = at?.path ?? [keyValue[2]];
      return this.valueCompletions(idSources, kind, path);
    }
    if (valueMatch && record) {
      // A list item of a reference list, e.g. `controls:` → `  - A.5.`, also nested (an initiative's `risks:`).
      const parent = findParentKey(document, position.line);
      const typed = /\S*$/.exec(line)![0];
      if (parent) {
        const at = nodeAtOffset(record.doc, document.offsetAt(new vscode.Position(parent.line, parent.column)));
        return withRange(this.valueCompletions(idSources, kind, at?.onKey ? [...at.path, 0] : [parent.key, 0]), document, position, typed);
      }
    }
    if (/^\s*(?:-\s+)?[A-Za-z_-]*$/.test(line) && kind) {
      const parentPath = record ? mappingPathAtLine(document, record, position.line) : [];
      const info = fieldInfo(kind, parentPath);
      const present = new Set(Object.keys(parentPath.length === 0 ? record?.value ?? {} : {}));
      return info?.fields.filter((f) => !present.has(f.name)).map((f) => {
        const item = new vscode.CompletionItem(f.name, vscode.CompletionItemKind.Field);
        item.insertText = `${f.name}: `;
        item.detail = f.required ? 'required' : 'optional';
        if (f.description) item.documentation = new vscode.MarkdownString(f.description);
        item.sortText = `${f.required ? 0 : 1}${f.name}`;
        return item;
      });
    }
    return undefined;
  }

  private valueCompletions(idSources: { folder: IsmsFolder; current: IsmsFile }, kind: RecordKind | undefined, path: Array<string | number>): vscode.CompletionItem[] | undefined {
    if (path.length === 1 && path[0] === 'kind') return RECORD_KINDS.map((k) => new vscode.CompletionItem(k, vscode.CompletionItemKind.EnumMember));
    if (!kind) return undefined;
    const refKind = referencedKind(kind, path);
    if (refKind) {
      // This file's records from its current text (the index may not have seen the last keystroke).
      const candidates = [...idSources.folder.index.records().filter((r) => r.file !== idSources.current.path), ...idSources.current.records];
      const items = candidates.filter((r) => r.kind === refKind && r.id).map((r) => {
        const item = new vscode.CompletionItem(r.id as string, vscode.CompletionItemKind.Reference);
        item.detail = typeof r.value.title === 'string' ? r.value.title : refKind;
        return item;
      });
      if (refKind === 'Control') {
        const own = new Set(items.map((i) => i.label));
        for (const c of ANNEX_A_CONTROLS) {
          if (own.has(c.id)) continue;
          const item = new vscode.CompletionItem(c.id, vscode.CompletionItemKind.Reference);
          item.detail = `${c.title} (Annex A 2022, ${THEME_NAMES[c.theme]})`;
          items.push(item);
        }
      }
      return items;
    }
    const info = fieldInfo(kind, path);
    return info?.values.map((v, i) => {
      const item = new vscode.CompletionItem(v, vscode.CompletionItemKind.EnumMember);
      // The string "4" goes in quoted: a plain 4 is a number, which the schema refuses.
      if (info.texts[i] !== v) item.insertText = info.texts[i];
      // In the schema's order (clauses 4 to 10, not "10" first; statuses as they follow each other).
      item.sortText = String(i).padStart(3, '0');
      if (info.description) item.documentation = new vscode.MarkdownString(info.description);
      return item;
    });
  }

  private fieldHover(folder: IsmsFolder, document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const offset = document.offsetAt(position);
    const record = recordAtOffset(folder.readDocument(document), offset);
    if (!record?.kind) return undefined;
    const at = nodeAtOffset(record.doc, offset);
    if (!at?.onKey) return undefined;
    const info = fieldInfo(record.kind, at.path);
    if (!info?.description) return undefined;
    const md = new vscode.MarkdownString(`**${at.path[at.path.length - 1]}** (${record.kind})\n\n${info.description}`);
    return new vscode.Hover(md, new vscode.Range(document.positionAt(at.node.range[0]), document.positionAt(at.node.range[1])));
  }

  /** The document's folder, with its pending typed change applied first unless `flush` is false. */
  private folderOf(document: vscode.TextDocument, { flush = true } = {}): IsmsFolder | undefined {
    const folder = this.services.workspace.folderFor(document.uri);
    if (!folder || !folder.isIsmsFile(document.uri)) return undefined;
    if (flush) this.services.workspace.flush(document);
    return folder;
  }

  /** The id or reference under the cursor, read from the document's current text. */
  private idAt(folder: IsmsFolder, document: vscode.TextDocument, position: vscode.Position): IdAtPosition | undefined {
    const offset = document.offsetAt(position);
    const record = recordAtOffset(folder.readDocument(document), offset);
    const at = record && nodeAtOffset(record.doc, offset);
    if (!record || !at || at.onKey) return undefined;
    const range = new vscode.Range(document.positionAt(at.node.range[0]), document.positionAt(at.node.range[1]));
    if (at.path.length === 1 && at.path[0] === 'id' && record.id) return { id: record.id, range, kind: record.kind };
    const ref = referencesOf(record).find((r) => r.path.join('/') === at.path.join('/'));
    return ref ? { id: ref.target, range, kind: ref.expected } : undefined;
  }
}

/**
 * Completion items that replace what was typed of the value (ids contain dots, which end words).
 * A typed opening quote is part of it (with the closing one the editor may have added after the
 * cursor): the value goes in quoted.
 */
function withRange(items: vscode.CompletionItem[] | undefined, document: vscode.TextDocument, position: vscode.Position, typed: string): vscode.CompletionItem[] | undefined {
  const quote = /^["']/.exec(typed)?.[0];
  const closed = quote !== undefined && document.lineAt(position.line).text[position.character] === quote;
  const range = new vscode.Range(position.translate(0, -typed.length), closed ? position.translate(0, 1) : position);
  for (const item of items ?? []) {
    item.range = range;
    if (quote) {
      const label = typeof item.label === 'string' ? item.label : item.label.label;
      item.insertText = quote === '"' ? JSON.stringify(label) : `'${label.replace(/'/g, "''")}'`;
      item.filterText = `${quote}${label}`;
    }
  }
  return items;
}

/** Markdown for a record or Annex A control: title, status, owner, due dates. */
export function describeId(folder: IsmsFolder, at: { id: string; kind: RecordKind | undefined }): vscode.MarkdownString | undefined {
  const record = folder.index.recordsWithId(at.id).find((r) => !at.kind || r.kind === at.kind);
  const md = new vscode.MarkdownString();
  if (!record) {
    const old = at.kind === 'Control' ? control2013(at.id) : undefined;
    if (old) {
      md.appendMarkdown(`**${old.id}** ${escape(old.title)}\n\nISO/IEC 27001:2013 Annex A · replaced in 2022 by:\n\n`);
      for (const s of old.successors) md.appendMarkdown(`- **${s.id}** ${escape(s.title)} (${THEME_NAMES[s.theme]})\n`);
      return md;
    }
    const control = at.kind === 'Control' ? catalogControl(at.id) : undefined;
    if (!control) return undefined;
    md.appendMarkdown(`**${control.id}** ${escape(control.title)}\n\nISO/IEC 27001:2022 Annex A · ${THEME_NAMES[control.theme]} control · no Control record in this repository`);
    return md;
  }
  const v = record.value;
  const title = typeof v.title === 'string' ? v.title : typeof v.problem === 'string' ? v.problem.split('\n')[0] : '';
  md.appendMarkdown(`**${escape(record.id ?? '')}** ${escape(title)}\n\n`);
  const facts = [record.kind, field(v, 'severity'), field(v, 'status'), field(v, 'owner') && `owner ${field(v, 'owner')}`, field(v, 'method')].filter(Boolean);
  md.appendMarkdown(`${facts.map((f) => escape(String(f))).join(' · ')}\n\n`);
  const catalog = record.kind === 'Control' ? catalogControl(record.id ?? '') : undefined;
  if (catalog && catalog.title !== title) md.appendMarkdown(`Annex A 2022: ${escape(catalog.title)}\n\n`);
  // Scores, acceptance, the latest measurement, a plan's progress; then the state, open actions and
  // problems as the sidebar and the Problems panel show them.
  for (const line of loopFacts(record, folder.index.asOf, folder.config.riskAppetite)) md.appendMarkdown(`${escape(line)}\n\n`);
  const status = folder.status.of(record);
  if (status) {
    md.supportThemeIcons = true;
    md.appendMarkdown(`${statusHoverLines(status).join('\n')}\n`);
  }
  if (isMapping(v.effectiveness)) md.appendMarkdown(`\nEffectiveness review: ${escape(String(v.effectiveness.result ?? 'not recorded'))}\n`);
  md.appendMarkdown(`\n_${escape(record.file)}_`);
  return md;
}

/** What a Risk, Objective, ImprovementPlan or AuditProgramme hover adds: scores, acceptance, the latest measurement, progress. */
function loopFacts(record: IsmsRecord, asOf: number, riskAppetite: number | undefined): string[] {
  const v = record.value;
  const lines: string[] = [];
  if (record.kind === 'Risk') {
    const score = currentRiskScore(v);
    const inherent = inherentRiskScore(v);
    const residual = isMapping(v.residual) ? `residual ${String(v.residual.likelihood)} × ${String(v.residual.impact)}` : undefined;
    const parts = [score !== undefined ? `Score ${score}` : 'Score not readable', residual, inherent !== undefined ? `inherent ${String(v.likelihood)} × ${String(v.impact)} = ${inherent}` : undefined];
    if (riskAppetite !== undefined && score !== undefined) parts.push(score > riskAppetite ? `above the risk appetite of ${riskAppetite}` : `within the risk appetite of ${riskAppetite}`);
    lines.push(parts.filter(Boolean).join(' · '));
    lines.push(`Treatment: ${field(v, 'treatment') ?? 'none'}`);
    if (isMapping(v.acceptance)) {
      const expires = parseDate(v.acceptance.expires);
      const until = expires === undefined ? '' : `, ${expires < asOf ? 'expired' : 'expires'} ${String(v.acceptance.expires)} (${relativeDays(expires, asOf)})`;
      lines.push(`Accepted by ${String(v.acceptance.accepted_by ?? 'unknown')} on ${String(v.acceptance.accepted_on ?? '?')}${until}`);
    } else if (v.treatment === 'accept' || v.status === 'accepted') {
      lines.push('Acceptance not recorded');
    }
  } else if (record.kind === 'Objective') {
    const latest = latestMeasurement(record, asOf);
    const unit = field(v, 'unit');
    const withUnit = (n: unknown) => (unit ? `${String(n)} ${unit}` : String(n));
    const target = typeof v.target === 'number' && typeof v.direction === 'string' ? `target ${v.direction} ${withUnit(v.target)}` : 'no target';
    if (!latest) lines.push(`No measurement yet (${target})`);
    else lines.push(`Latest measurement: ${withUnit(latest.value)} on ${latest.date} (${target}) · ${offTargetMeasurement(record, asOf) ? 'off target' : 'on target'}`);
  } else if (record.kind === 'ImprovementPlan' || record.kind === 'AuditProgramme') {
    const period = isMapping(v.period) ? `${String(v.period.start)} to ${String(v.period.end)}` : 'no period';
    if (record.kind === 'ImprovementPlan') {
      const initiatives = listField(v, 'initiatives').filter(isMapping);
      lines.push(`${period} · ${initiatives.filter((i) => i.status === 'done').length} of ${initiatives.length} initiatives done${v.status === 'ratified' ? ` · ratified by ${String(v.ratified_by ?? '?')} on ${String(v.ratified_on ?? '?')}` : ''}`);
    } else {
      lines.push(period);
    }
  }
  return lines;
}

function field(value: Record<string, unknown>, key: string): string | undefined {
  return typeof value[key] === 'string' ? (value[key] as string) : undefined;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

function toRange(range: { start: { line: number; character: number }; end: { line: number; character: number } }): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

function recordLocation(folder: IsmsFolder, record: IsmsRecord): vscode.Location {
  const file = folder.index.file(record.file);
  const range = valueRange(record.doc, ['id']) ?? [record.doc.range[0], record.doc.range[0]];
  const r = file ? toRange(file.lines.range(range[0], range[1])) : new vscode.Range(0, 0, 0, 0);
  return new vscode.Location(folder.uriOf(record.file), r);
}

/** For a `- item` line, the key of the list it belongs to (the nearest less-indented `key:` line) and where that key is. */
function findParentKey(document: vscode.TextDocument, line: number): { key: string; line: number; column: number } | undefined {
  const indent = /^\s*/.exec(document.lineAt(line).text)![0].length;
  for (let l = line - 1; l >= 0; l--) {
    const text = document.lineAt(l).text;
    if (text.trim() === '' || text.trim().startsWith('#')) continue;
    const m = /^(\s*(?:-\s+)?)([A-Za-z_][\w-]*):\s*$/.exec(text);
    const lineIndent = /^\s*/.exec(text)![0].length;
    if (m && lineIndent <= indent) return { key: m[2], line: l, column: m[1].length };
    if (lineIndent < indent) return undefined;
  }
  return undefined;
}

/** The path of the mapping a new key typed on `line` would belong to (by indentation). */
function mappingPathAtLine(document: vscode.TextDocument, record: IsmsRecord, line: number): Array<string | number> {
  const current = document.lineAt(line).text;
  const indent = /^\s*(-\s+)?/.exec(current)![0].length;
  for (let l = line - 1; l >= 0; l--) {
    const text = document.lineAt(l).text;
    const m = /^(\s*(?:-\s+)?)([A-Za-z_][\w-]*):/.exec(text);
    if (!m) continue;
    if (m[1].length === indent) {
      const at = nodeAtOffset(record.doc, document.offsetAt(new vscode.Position(l, m[1].length)));
      return at ? at.path.slice(0, -1) : [];
    }
    if (m[1].length < indent) {
      const at = nodeAtOffset(record.doc, document.offsetAt(new vscode.Position(l, m[1].length)));
      return at ? [...at.path, ...(current.trimStart().startsWith('-') ? [0] : [])] : [];
    }
  }
  return [];
}
