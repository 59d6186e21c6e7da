// What a hover on a record id (or a reference to it) says about its state, from the status model:
// the urgent fact, a control's review state, each open action's due phrase, and the problems.
// Markdown lines; the extension's hover appends them after the record's title and facts.
import { actionLead, recordLead } from '../status/phrases';
import type { RecordStatus } from '../status/statusModel';
import { md, problemLines } from './viewModel';

export function statusHoverLines(status: RecordStatus): string[] {
  const lines: string[] = [];
  const lead = recordLead(status);
  if (status.state !== 'on-track' || status.closable || status.nextDueIn !== undefined) lines.push(`**${md(lead)}**`, '');
  const review = status.control;
  if (review && review.applicable === true) {
    lines.push(`- Last review: ${review.lastReview ?? 'never'}`);
    if (review.nextReview) {
      lines.push(`- Next review due: ${review.nextReview}${review.reviewOverdueDays !== undefined ? ` — **overdue by ${review.reviewOverdueDays} d**` : ''}`);
    }
  }
  for (const action of status.actions) {
    if (!action.open) continue;
    lines.push(`- ${md(action.label)}: ${md(actionLead(action) ?? '')}${action.due ? ` (due ${md(action.due)})` : ''}`);
  }
  lines.push(...problemLines(status.problems));
  return lines;
}
