import { parseDate, relativeDays } from '../model/dates';
import { actionLabel, actionsOf, isOpenAction, KINDS_WITH_ACTIONS } from '../model/records';
import type { Rule } from './rule';

export const actionDueSoon: Rule = {
  code: 'action-due-soon',
  defaultSeverity: 'info',
  description: 'An open or in-progress action is due within `dueSoonDays` days (today included).',
  kinds: KINDS_WITH_ACTIONS,
  crossFile: false,
  check(record, { asOf, config, report }) {
    actionsOf(record).forEach(({ action, path, index }) => {
      const due = parseDate(action.due);
      if (due === undefined || !isOpenAction(action) || due < asOf || due > asOf + config.dueSoonDays) return;
      report({ record, path: [...path, 'due'], message: `Action '${actionLabel(action, index)}' is due ${action.due as string} (${relativeDays(due, asOf)})` });
    });
  },
};
