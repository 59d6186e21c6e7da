import { isPlaceholder } from '../model/placeholders';
import type { IsmsRecord } from '../model/records';
import type { Rule } from './rule';

export const missingRca: Rule = {
  code: 'missing-rca',
  defaultSeverity: 'warning',
  description: 'A major nonconformity (not rejected) has no root cause analysis, or only templates whose root causes are all placeholders (clause 10.2 b).',
  kinds: ['Nonconformity'],
  crossFile: true,
  check(record, { repository, report }) {
    const { severity, status, rca } = record.value;
    if (severity !== 'major' || status === 'rejected' || !record.id) return;
    const analyses = new Set<IsmsRecord>(repository.rcasFor(record.id));
    // A placeholder `rca: <id>` links nothing.
    const linked = typeof rca === 'string' && rca.trim() !== '' && !isPlaceholder(rca);
    if (linked) for (const r of repository.recordsWithId(rca)) if (r.kind === 'RootCauseAnalysis') analyses.add(r);
    if (analyses.size === 0) {
      // An `rca` naming no analysis is unknown-reference's to report.
      if (linked) return;
      report({ record, path: ['id'], message: `Major nonconformity ${record.id} has no root cause analysis (clause 10.2 b)` });
      return;
    }
    const templates = [...analyses].filter(isTemplate);
    if (templates.length < analyses.size) return;
    const names = templates.map((t) => t.id ?? t.file).join(', ');
    report({
      record, path: ['id'],
      message: `Major nonconformity ${record.id} has only a template root cause analysis (${names}: every root_causes item is a placeholder) (clause 10.2 b)`,
    });
  },
};

/** An analysis still as the scaffold wrote it: a non-empty `root_causes` of placeholders only. */
function isTemplate(analysis: IsmsRecord): boolean {
  const causes = analysis.value.root_causes;
  return !analysis.broken && Array.isArray(causes) && causes.length > 0 && causes.every(isPlaceholder);
}
