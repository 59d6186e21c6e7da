import { parseDate, relativeDays } from '../model/dates';
import { actionLabel, actionsOf, isOpenAction, KINDS_WITH_ACTIONS } from '../model/records';
import type { Rule } from './rule';

export const overdueAction: Rule = {
  code: 'overdue-action',
  defaultSeverity: 'warning',
  description: 'An open or in-progress action is past its due date (an error once more than `overdueErrorAfterDays` days overdue).',
  kinds: KINDS_WITH_ACTIONS,
  crossFile: false,
  check(record, { asOf, config, report }) {
    actionsOf(record).forEach(({ action, path, index }) => {
      const due = parseDate(action.due);
      if (due === undefined || !isOpenAction(action) || due >= asOf) return;
      report({
        record,
        path: [...path, 'due'],
        message: `Action '${actionLabel(action, index)}' was due ${action.due as string} (${relativeDays(due, asOf)})`,
        severity: asOf - due > config.overdueErrorAfterDays ? 'error' : 'warning',
      });
    });
  },
};
