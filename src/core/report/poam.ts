// `isms export poam`: an OSCAL 1.1.2 Plan of Action and Milestones (JSON) of the open
// nonconformities. Each one is an observation (what was found), a risk (its remediation: the
// corrective actions as responses with a milestone task at their due date), a finding (the
// control or clause not satisfied) and a poam-item linking the three. Reproducible: every UUID is
// a version 5 UUID of the record ids, dates are the records' own dates as midnight UTC, and
// nothing depends on the clock or the as-of date, so re-exporting unchanged records gives the same bytes.
import { createHash } from 'node:crypto';
import { isRealDate } from '../model/dates';
import type { ReportAction, ReportModel, ReportNonconformity } from './reportModel';

/** The namespace of this tool's UUIDs (itself a v5 UUID of the project's URL in the URL namespace). */
export const POAM_NAMESPACE = 'b2b3e1a4-5c0e-5d6f-9a51-0c4b8f2f7e61';

/** RFC 4122 version 5 (SHA-1, name-based) UUID. */
export function uuidV5(name: string, namespace: string = POAM_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A real `YYYY-MM-DD` date as an OSCAL date-time (midnight UTC); undefined when not one, or outside the schema's years 1900–2999. */
export function dateTime(date: string | undefined): string | undefined {
  return date && /^(19|2\d)\d{2}-\d{2}-\d{2}$/.test(date) && isRealDate(date) ? `${date}T00:00:00Z` : undefined;
}

/** A clause or control id as an OSCAL token (an XML NCName): `9.2` → `clause-9.2`. */
export function token(prefix: string, id: string): string {
  const cleaned = id.replace(/[^\p{L}\p{N}._-]/gu, '-');
  return /^(\p{L}|_)/u.test(cleaned) ? cleaned : `${prefix}-${cleaned}`;
}

/** A single-line, trimmed, non-empty string (OSCAL StringDatatype), or undefined. */
function oneLine(text: string | undefined): string | undefined {
  const t = text?.replace(/\s+/g, ' ').trim();
  return t ? t : undefined;
}

type Json = { [key: string]: unknown };

/** Drops undefined values and empty arrays (the schema allows no empty arrays). */
function compact<T extends Json>(object: T): T {
  const out: Json = {};
  for (const [k, v] of Object.entries(object)) {
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out as T;
}

function props(entries: Array<[string, string | undefined]>): Json[] {
  return entries.flatMap(([name, value]) => (oneLine(value) ? [{ name, ns: 'https://isms-as-code.github.io/ns/oscal', value: oneLine(value) }] : []));
}

const RISK_STATUS: Record<string, string> = { open: 'open', 'in-progress': 'remediating', implemented: 'remediating' };

export interface PoamOptions {
  /** Names the document (its UUID derives from it): the repository folder's name. */
  repository: string;
  version: string;
}

export function buildPoam(model: ReportModel, options: PoamOptions): Json {
  const open = model.nonconformities.filter((n) => n.open && n.id !== '');
  const dates: string[] = [];
  for (const n of open) {
    dates.push(n.raised ?? '', n.effectiveness?.reviewedOn ?? '');
    for (const a of n.actions) dates.push(a.completed ?? '', ...a.slipped.map((s) => s.on ?? ''));
  }
  const latest = dates.filter((d) => dateTime(d) !== undefined).sort().pop();

  const observations = open.map((n) => observation(n));
  const risks = open.map((n) => risk(n));
  const findings = open.map((n) => finding(n));
  const items: Json[] = open.map((n) => compact({
    uuid: uuidV5(`poam-item:${n.id}`),
    title: `${n.id}: ${n.title || n.id}`,
    description: n.description ?? (n.title || n.id),
    props: props([['nonconformity-id', n.id], ['severity', n.severity], ['source', n.source], ['status', n.status], ['owner', n.owner]]),
    'related-findings': [{ 'finding-uuid': uuidV5(`finding:${n.id}`) }],
    'related-observations': [{ 'observation-uuid': uuidV5(`observation:${n.id}`) }],
    'related-risks': [{ 'risk-uuid': uuidV5(`risk:${n.id}`) }],
  }));
  // An empty POA&M still needs one item: the schema requires poam-items to be non-empty.
  if (items.length === 0) {
    items.push({ uuid: uuidV5(`poam-item:none:${options.repository}`), title: 'No open nonconformities', description: 'The corrective action log has no open nonconformity.' });
  }

  const poam = compact({
    uuid: uuidV5(`plan-of-action-and-milestones:${options.repository}`),
    metadata: compact({
      title: `Plan of action and milestones: open nonconformities of ${options.repository}`,
      'last-modified': dateTime(latest) ?? '2000-01-01T00:00:00Z',
      version: latest ?? 'empty',
      'oscal-version': '1.1.2',
      props: props([['generator', `isms ${options.version}`], ['standard', 'ISO/IEC 27001:2022']]),
    }),
    'system-id': { 'identifier-type': 'https://ietf.org/rfc/rfc4122', id: uuidV5(`system:${options.repository}`) },
    observations,
    risks,
    findings,
    'poam-items': items,
  });
  return { 'plan-of-action-and-milestones': poam };
}

export function poamJson(model: ReportModel, options: PoamOptions): string {
  return JSON.stringify(buildPoam(model, options), null, 2) + '\n';
}

function observation(n: ReportNonconformity): Json {
  return compact({
    uuid: uuidV5(`observation:${n.id}`),
    title: `${n.id}: ${n.title || n.id}`,
    description: n.description ?? (n.title || n.id),
    props: props([['source', n.source], ['severity', n.severity], ['raised-by', n.raisedBy], ['audit', n.audit]]),
    methods: [n.source === 'internal-audit' || n.source === 'external-audit' ? 'EXAMINE' : 'UNKNOWN'],
    types: ['finding'],
    collected: dateTime(n.raised) ?? '2000-01-01T00:00:00Z',
    remarks: n.correction ? `Correction (ISO/IEC 27001 10.2 a): ${n.correction}` : undefined,
  });
}

function risk(n: ReportNonconformity): Json {
  const openActions = n.actions.filter((a) => a.state !== 'done' && a.state !== 'cancelled');
  const deadline = openActions.map((a) => dateTime(a.due)).filter((d): d is string => d !== undefined).sort().pop();
  const rootCauses = n.rca?.rootCauses ?? [];
  return compact({
    uuid: uuidV5(`risk:${n.id}`),
    title: `${n.id}: ${n.title || n.id}`,
    description: n.title || n.id,
    statement: rootCauses.length ? `Root causes (${n.rca?.id ?? 'RCA'}): ${rootCauses.join('; ')}` : 'No root cause analysis recorded yet.',
    props: props([['severity', n.severity], ['effectiveness', n.effectiveness?.result]]),
    status: RISK_STATUS[n.status ?? ''] ?? 'open',
    deadline,
    remediations: n.actions.filter((a) => a.state !== 'cancelled').map((a) => remediation(n, a)),
    'related-observations': [{ 'observation-uuid': uuidV5(`observation:${n.id}`) }],
  });
}

function remediation(n: ReportNonconformity, a: ReportAction): Json {
  const key = `action:${n.id}:${a.id ?? a.index}`;
  const due = dateTime(a.due);
  return compact({
    uuid: uuidV5(key),
    lifecycle: a.state === 'done' ? 'completed' : 'planned',
    title: a.description.split('\n')[0].slice(0, 200) || `Action ${a.index + 1}`,
    description: a.description,
    props: props([['action-id', a.id], ['owner', a.owner], ['status', a.status], ['completed', a.completed], ...a.slipped.map((s): [string, string] => ['due-date-change', `${s.from ?? '?'} to ${s.to ?? '?'}${s.reason ? `: ${s.reason}` : ''}`])]),
    tasks: due ? [{ uuid: uuidV5(`${key}:milestone`), type: 'milestone', title: `Due: ${a.description.split('\n')[0].slice(0, 160)}`, timing: { 'on-date': { date: due } } }] : undefined,
  });
}

function finding(n: ReportNonconformity): Json {
  const target = n.controls[0] !== undefined ? token('control', n.controls[0]) : n.clauses[0] !== undefined ? token('clause', n.clauses[0]) : 'isms';
  return compact({
    uuid: uuidV5(`finding:${n.id}`),
    title: `${n.id}: ${n.title || n.id}`,
    description: n.title || n.id,
    props: props([...n.controls.map((c): [string, string] => ['control', c]), ...n.clauses.map((c): [string, string] => ['clause', c])]),
    target: { type: 'objective-id', 'target-id': target, status: { state: 'not-satisfied' } },
    'related-observations': [{ 'observation-uuid': uuidV5(`observation:${n.id}`) }],
    'related-risks': [{ 'risk-uuid': uuidV5(`risk:${n.id}`) }],
  });
}
