import { parseDate, relativeDays } from '../model/dates';
import { isMapping } from '../model/model';
import { recordName } from '../model/records';
import type { Rule } from './rule';

export const riskAcceptanceExpired: Rule = {
  code: 'risk-acceptance-expired',
  defaultSeverity: 'warning',
  description: "The risk owner's acceptance of a risk, not closed, expired before the as-of date.",
  kinds: ['Risk'],
  crossFile: false,
  check(record, { asOf, report }) {
    const { status, acceptance } = record.value;
    if (status === 'closed' || !isMapping(acceptance)) return;
    const expires = parseDate(acceptance.expires);
    if (expires === undefined || expires >= asOf) return;
    const by = typeof acceptance.accepted_by === 'string' && acceptance.accepted_by.trim() ? ` by ${acceptance.accepted_by.trim()}` : '';
    report({ record, path: ['acceptance', 'expires'], message: `The acceptance of risk ${recordName(record)}${by} expired ${acceptance.expires as string} (${relativeDays(expires, asOf)}); renew or revisit the treatment` });
  },
};
