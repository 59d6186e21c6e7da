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
    const future = (path: Array<string | number>, text: unknown, what: string) => {
      const day = parseDate(text);
      if (day !== undefined && day > asOf) report({ record, path, message: `${what} ${text as string} is in the future` });
    };
    actions.forEach(({ action, path, index }) => future([...path, 'completed'], action.completed, `Action '${actionLabel(action, index)}' completed date`));
    if (record.kind === 'Nonconformity') {
      future(['closed'], value.closed, 'Closing date');
      if (isMapping(value.effectiveness)) future(['effectiveness', 'reviewed_on'], value.effectiveness.reviewed_on, 'Effectiveness review date');
    }
  },
};
