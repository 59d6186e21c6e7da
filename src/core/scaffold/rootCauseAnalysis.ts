// Scaffold: a root cause analysis (clause 10.2 b) for a nonconformity, five whys or fishbone,
// with the nonconformity's title and description as the problem statement, linked from the
// nonconformity's `rca`.
import type { IsmsConfig } from '../config/config';
import { linkRootCauseAnalysis } from '../edits/ismsEdits';
import { EditRefused } from '../edits/textEdit';
import type { IsmsRecord } from '../model/records';
import { article, assertIdFree, field, scalar, joinPath, recordsOfKind, ScaffoldRefused, text, TextBuilder, type RecordSource, type Scaffold } from './scaffold';
import { NONCONFORMITY_SEVERITIES, rankIn } from '../model/model';

export type RcaMethod = 'five-whys' | 'fishbone';
export const RCA_METHODS: readonly RcaMethod[] = ['five-whys', 'fishbone'];

/** The fishbone categories, with what to look for in each. */
export const FISHBONE_CATEGORIES: ReadonlyArray<{ name: string; hint: string }> = [
  { name: 'people', hint: 'skills, awareness, workload, knowledge held by one person only' },
  { name: 'process', hint: 'procedures, checklists, handovers, approvals, records' },
  { name: 'technology', hint: 'tools, configuration, monitoring and alerting, automation' },
  { name: 'environment', hint: 'premises, remote work, time pressure, external events' },
  { name: 'suppliers', hint: 'outsourced services, contractors, cloud providers' },
  { name: 'management', hint: 'priorities, resources, oversight, objectives' },
];

export interface RootCauseAnalysisRequest {
  nonconformity: string;
  method: RcaMethod;
  /** The day the analysis is started (YYYY-MM-DD). */
  asOf: string;
}

/** Repository access a scaffold of an RCA needs: records and the text of the nonconformity's file. */
export interface RcaSource extends RecordSource {
  rcasFor(nonconformityId: string): readonly IsmsRecord[];
  file(path: string): { text: string } | undefined;
}

/** The RCA a nonconformity already has (its `rca` or an RCA naming it), if any. */
export function existingRca(source: RcaSource, nonconformity: IsmsRecord): string | undefined {
  const linked = text(nonconformity.value, 'rca');
  if (linked) return linked;
  const rca = nonconformity.id ? source.rcasFor(nonconformity.id)[0] : undefined;
  return rca ? rca.id ?? `an RCA in ${rca.file}` : undefined;
}

/** Nonconformities, not rejected, without an RCA: majors first, then by id. */
export function nonconformitiesWithoutRca(source: RcaSource): IsmsRecord[] {
  return recordsOfKind(source, 'Nonconformity')
    .filter((nc) => nc.value.status !== 'rejected' && existingRca(source, nc) === undefined)
    .sort((a, b) => severityRank(a) - severityRank(b) || (a.id! < b.id! ? -1 : a.id! > b.id! ? 1 : 0));
}

function severityRank(record: IsmsRecord): number {
  return rankIn(NONCONFORMITY_SEVERITIES, record.value.severity);
}

export function rcaIdFor(nonconformityId: string): string {
  return `RCA-${nonconformityId}`;
}

export function createRootCauseAnalysis(source: RcaSource, config: IsmsConfig, request: RootCauseAnalysisRequest): Scaffold {
  const ncId = request.nonconformity;
  if (!RCA_METHODS.includes(request.method)) throw new ScaffoldRefused(`method must be one of ${RCA_METHODS.join(', ')} (got '${request.method}')`);
  const candidates = source.recordsWithId(ncId);
  const nc = candidates.find((r) => r.kind === 'Nonconformity');
  if (!nc) {
    throw new ScaffoldRefused(candidates.length > 0
      ? `${ncId} is ${article(candidates[0].kind ?? 'record')} (${candidates[0].file}), not a Nonconformity`
      : `no Nonconformity with id ${ncId} in this repository`);
  }
  if (candidates.length > 1) throw new ScaffoldRefused(`the id ${ncId} is used by ${candidates.length} records; fix the duplicate-id error first`);
  if (nc.broken) throw new ScaffoldRefused(`${nc.file} has YAML syntax errors; fix them first`);
  const existing = existingRca(source, nc);
  if (existing) throw new ScaffoldRefused(`${ncId} already has a root cause analysis (${existing})`);
  const rcaId = rcaIdFor(ncId);
  assertIdFree(source, rcaId);

  const ncFile = source.file(nc.file);
  if (!ncFile) throw new ScaffoldRefused(`${nc.file} could not be read`);
  let linkEdits;
  try {
    linkEdits = linkRootCauseAnalysis(ncFile.text, nc, rcaId);
  } catch (e) {
    if (e instanceof EditRefused) throw new ScaffoldRefused(`cannot link the RCA from ${nc.file}: ${e.message}`);
    throw e;
  }

  const title = text(nc.value, 'title') ?? ncId;
  const description = text(nc.value, 'description');
  const problem = description ? `${title}${/[.!?]$/.test(title) ? '' : '.'} ${description.replace(/\s+/g, ' ')}` : title;
  const owner = text(nc.value, 'owner');
  const severity = text(nc.value, 'severity');

  const b = new TextBuilder();
  b.add(`# Root cause analysis of ${ncId}${severity ? ` (${severity})` : ''} -- ISO/IEC 27001 clause 10.2 b: find out why the\n`);
  b.add('# nonconformity happened and whether similar ones exist or could occur elsewhere.\n');
  b.add('kind: RootCauseAnalysis\n');
  b.add(`id: ${rcaId}\n`);
  b.add(`nonconformity: ${ncId}\n`);
  b.add(`method: ${request.method}\n`);
  b.add(`date: ${request.asOf}\n`);
  if (owner) {
    b.add(field('facilitator', owner));
    b.add('# Invite the people who know the process, not only its owner.\n');
    b.add('participants:\n');
    b.add(`  - ${scalar(owner)}\n`);
  } else {
    b.add('# facilitator: who leads the analysis\n# participants: [who took part]\n');
  }
  b.add('# The problem as the nonconformity states it (from its title and description); sharpen it if needed.\n');
  b.add(field('problem', problem));

  if (request.method === 'five-whys') {
    b.add('# Five whys: ask "why?" about the problem, then about each answer, until you reach a cause the\n');
    b.add('# organisation controls and whose removal prevents recurrence (often 3 to 5 steps; delete unused ones).\n');
    b.add('# A good why states a verifiable fact (a log, a ticket, a missing step in a procedure), not a person\n');
    b.add('# to blame:  good: "Why was the snapshot public? The migration runbook has no visibility check."\n');
    b.add('#            weak: "Why was the snapshot public? The engineer was careless."\n');
    b.add('whys:\n');
    b.placeholder('  - ', 'Why did it happen? <a fact, with its evidence>');
    for (let i = 2; i <= 5; i++) b.add(`  - ${JSON.stringify(`Why? <why ${i}: ask about the previous answer>`)}\n`);
  } else {
    b.add('# Fishbone (Ishikawa): collect the possible causes in each category, then check each against the\n');
    b.add('# evidence. Delete the categories that do not apply, add others if needed; the confirmed causes\n');
    b.add('# that explain the problem go to root_causes.\n');
    b.add('causes:\n');
    for (const category of FISHBONE_CATEGORIES) {
      b.add(`  ${category.name}:  # ${category.hint}\n`);
      b.placeholder('    - ', `<a possible ${category.name} cause>`);
    }
  }
  b.add('# The root causes the analysis found. Each needs a corrective action in the nonconformity\n');
  b.add(`# (${ncId} actions, clause 10.2 c) that removes it, so that the nonconformity does not recur.\n`);
  b.add('root_causes:\n');
  b.add(`  - ${JSON.stringify('<the root cause the analysis leads to>')}\n`);

  const { file, cursor } = b.build(joinPath(config.folders.rca, `${rcaId}.yaml`));
  return { files: [file], edits: [{ path: nc.file, edits: linkEdits }], cursor };
}
