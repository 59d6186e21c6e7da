import { isMapping, listField } from '../model/model';
import { recordName, type IsmsRecord } from '../model/records';
import type { Rule } from './rule';

/** The Nonconformity ids some Initiative of some ImprovementPlan (draft or ratified) lists; the plan scaffold uses it too. */
export function plannedNonconformities(plans: readonly IsmsRecord[]): Set<string> {
  const ids = new Set<string>();
  for (const plan of plans) {
    for (const initiative of listField(plan.value, 'initiatives')) {
      if (!isMapping(initiative)) continue;
      for (const id of listField(initiative, 'nonconformities')) if (typeof id === 'string') ids.add(id);
    }
  }
  return ids;
}

export const opportunityNotPlanned: Rule = {
  code: 'opportunity-not-planned',
  defaultSeverity: 'info',
  description: 'An open opportunity for improvement has no action that is not cancelled and no initiative of an improvement plan answers it (clause 10.1).',
  kinds: ['Nonconformity'],
  // A plan names the nonconformities it answers: the index follows those references both ways.
  crossFile: true,
  check(record, { repository, report }) {
    const { severity, status } = record.value;
    if (severity !== 'opportunity' || (status !== 'open' && status !== 'in-progress') || !record.id) return;
    if (listField(record.value, 'actions').some((a) => isMapping(a) && a.status !== 'cancelled')) return;
    if (repository.memo('planned-nonconformities', () => plannedNonconformities(repository.recordsOfKind('ImprovementPlan'))).has(record.id)) return;
    report({ record, path: ['severity'], message: `Opportunity for improvement ${recordName(record)} has no action and no improvement plan initiative lists it in nonconformities (clause 10.1)` });
  },
};
