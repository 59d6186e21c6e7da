import { RECORD_KINDS } from '../model/model';
import type { Rule } from './rule';

export const duplicateId: Rule = {
  code: 'duplicate-id',
  defaultSeverity: 'error',
  description: 'Two or more records share an id; ids are unique across the whole repository.',
  kinds: RECORD_KINDS,
  crossFile: true,
  check(record, { repository, report }) {
    if (!record.id) return;
    // In file order, not the order files were read or edited: the message is the same in the CLI
    // and the editor, and after any edit (SARIF fingerprints include it).
    const others = repository.recordsWithId(record.id).filter((r) => r !== record)
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.document - b.document));
    if (others.length === 0) return;
    const where = others.map((r) => `${r.file}${r.document > 0 ? ` (document ${r.document + 1})` : ''}`).join(', ');
    report({ record, path: ['id'], message: `Duplicate id '${record.id}': also used by ${where}` });
  },
};
