// "Create record" for an Annex A control that has no Control record yet: a new YAML document
// appended to the end of an existing file (one insertion, nothing else touched), or the text of a
// new file. Verified: the result parses, with no new YAML problems, and holds the new record.
import type { CatalogControl } from '../catalog';
import { readIsmsFile } from '../reading/ismsFile';
import { parseYamlDocuments } from '../parse/yamlDocuments';
import { applyEdits, EditRefused, lineEnding, yamlScalar, type TextEdit } from './textEdit';

/** The lines of a minimal SoA entry: applicable, not yet implemented, to be completed by its owner. */
export function controlRecordLines(control: CatalogControl): string[] {
  return [
    'kind: Control',
    `id: ${yamlScalar(control.id)}`,
    `title: ${yamlScalar(control.title, undefined, 'block')}`,
    `theme: ${control.theme}`,
    'applicable: true',
    'status: not-implemented',
  ];
}

/** The text of a new file holding only the control's record. */
export function newControlFile(control: CatalogControl): string {
  return `${controlRecordLines(control).join('\n')}\n`;
}

/** One insertion at the end of `text` adding the control's record as a new document. */
export function appendControlRecord(text: string, control: CatalogControl): TextEdit {
  const existing = readIsmsFile('', text);
  if (existing.records.some((r) => r.id === control.id)) throw new EditRefused(`this file already holds a record with id ${control.id}`);
  const eol = lineEnding(text);
  const body = controlRecordLines(control).join(eol);
  const separatorNeeded = text.trim() !== '';
  const lead = text === '' || text.endsWith('\n') ? '' : eol;
  const edit: TextEdit = { start: text.length, end: text.length, newText: `${lead}${separatorNeeded ? `${eol}---${eol}` : ''}${body}${eol}` };
  const after = applyEdits(text, [edit]);
  if (parseYamlDocuments(after).problems.length > parseYamlDocuments(text).problems.length) {
    throw new EditRefused('adding the record would break the YAML of this file; nothing was changed');
  }
  const added = readIsmsFile('', after).records.filter((r) => r.id === control.id && r.kind === 'Control');
  if (added.length !== 1) throw new EditRefused('the new record could not be read back; nothing was changed');
  return edit;
}
