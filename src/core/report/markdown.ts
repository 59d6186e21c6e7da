// `isms report --format md`: the same document as Markdown, for the repository or a wiki. Every
// piece of record text is escaped, so no raw HTML (and no Markdown link or image) passes through;
// charts are described in words (their data is in the tables).
import type { Block, Cell, ReportDocument, Row } from './document';

/** Escapes Markdown and HTML syntax so the text shows as it is. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]!|~]/g, '\\$&')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    // Line starts that would make a heading, list, quote or rule.
    .replace(/^(\s*)([#+\-=]|\d+[.)])/gm, (_, space: string, mark: string) => `${space}${mark.replace(/[#+\-=.)]/, '\\$&')}`);
}

function cellText(cell: Cell | string): string {
  const text = typeof cell === 'string' ? cell : cell.text;
  // A table row is one line: line breaks in a value become "; ".
  return escapeMarkdown(text.replace(/\s*\r?\n\s*/g, '; '));
}

export function renderMarkdown(doc: ReportDocument): string {
  const out: string[] = [`# ${escapeMarkdown(doc.title)}`, '', `_${escapeMarkdown(doc.subtitle)}_`, ''];
  for (const section of doc.sections) {
    out.push(`## ${escapeMarkdown(section.title)}`, '');
    for (const block of section.blocks) out.push(...blockLines(block));
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

function blockLines(block: Block): string[] {
  switch (block.type) {
    case 'paragraph':
      return [escapeMarkdown(block.text), ''];
    case 'figures':
      return [...table(['Figure', 'Value'], block.figures.map((f) => ({ cells: [f.label, f.value] }))), ''];
    case 'charts':
      return block.charts.flatMap((c) => [`**${escapeMarkdown(c.title)}**: ${escapeMarkdown(c.svg ? `${c.description} (chart in the HTML report)` : c.empty ?? '')}`, '']);
    case 'table':
      if (block.rows.length === 0) return block.empty ? [...(block.caption ? [`**${escapeMarkdown(block.caption)}**`, ''] : []), `_${escapeMarkdown(block.empty)}_`, ''] : [];
      return [...(block.caption ? [`**${escapeMarkdown(block.caption)}**`, ''] : []), ...table(block.columns, block.rows), ''];
  }
}

function table(columns: readonly string[], rows: readonly Row[]): string[] {
  return [
    `| ${columns.map(escapeMarkdown).join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.cells.map(cellText).join(' | ')} |`),
  ];
}
