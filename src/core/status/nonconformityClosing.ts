// When a nonconformity may be closed (clause 10.2): every action done or cancelled, and an
// effectiveness review that found the corrective action effective. Shared by the close command
// and the sidebar's menu.
import { isMapping } from '../model/model';
import { isOpenAction, type IsmsRecord } from '../model/records';

/** Why a nonconformity cannot be closed yet (clause 10.2), or undefined when it can. */
export function closingProblem(record: IsmsRecord): string | undefined {
  if (record.kind !== 'Nonconformity') return 'this record is not a Nonconformity';
  const actions = Array.isArray(record.value.actions) ? record.value.actions : [];
  const open = actions.filter((a) => isMapping(a) && isOpenAction(a)).length;
  if (open > 0) return `${open} action${open === 1 ? ' is' : 's are'} still open`;
  const effectiveness = record.value.effectiveness;
  if (!isMapping(effectiveness) || effectiveness.result !== 'effective') return 'record an effective effectiveness review first (clause 10.2 d)';
  return undefined;
}
