import { parseDate } from '../model/dates';
import { isMapping } from '../model/model';
import { actionLabel, actionsOf, isOpenAction, KINDS_WITH_ACTIONS } from '../model/records';
import type { Rule } from './rule';

export const statusInconsistent: Rule = {
  code: 'status-inconsistent',
  defaultSeverity: 'warning',
  description: 'A nonconformity is implemented or closed while an action is still open, or a completion (of any action), closing or review date lies after the as-of date.',
  kinds: KINDS_WITH_ACTIONS,
  crossFile: false,
  check(record, { asOf, report }) {
    const value = record.value;
    const actions = actionsOf(record);
    if (record.kind === 'Nonconformity' && (value.status === 'implemented' || value.status === 'closed')) {
      const open = actions.filter(({ action }) => isOpenAction(action)).length;
      if (open > 0) {
        report({ record, path: ['status'], message: `Status is ${value.status as string} but ${open} action${open === 1 ? ' is' : 's are'} still open or in progress` });
      }
    }
    // `what` and the path only when reported: most dates are not in the future.
    const future = (text: unknown, path: () => Array<string | number>, what: () => string) => {
      if (text === undefined) return;
      const day = parseDate(text);
      if (day !== undefined && day > asOf) report({ record, path: path(), message: `${what()} ${text as string} is in the future` });
    };
    actions.forEach(({ action, path, index }) => future(action.completed, () => [...path, 'completed'], () => `Action '${actionLabel(action, index)}' completed date`));
    if (record.kind === 'Nonconformity') {
      future(value.closed, () => ['closed'], () => 'Closing date');
      if (isMapping(value.effectiveness)) future(value.effectiveness.reviewed_on, () => ['effectiveness', 'reviewed_on'], () => 'Effectiveness review date');
    }
  },
};
