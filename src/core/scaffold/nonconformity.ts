// Scaffold: a new nonconformity (clause 10.2) with the next free id NC-<year>-<nnn>.
import type { IsmsConfig } from '../config/config';
import { parseDate } from '../model/dates';
import { NONCONFORMITY_SEVERITIES, NONCONFORMITY_SOURCES, type NonconformitySeverity } from '../model/model';
import { assertIdFree, field, joinPath, nextNumberedId, ScaffoldRefused, TextBuilder, type RecordSource, type Scaffold } from './scaffold';


export const SEVERITY_HELP: Record<NonconformitySeverity, string> = {
  major: 'a requirement is not met at all, or a systemic failure',
  minor: 'an isolated lapse in meeting a requirement',
  observation: 'not a nonconformity yet, but could become one',
  opportunity: 'an opportunity for improvement',
};

export interface NonconformityRequest {
  title: string;
  severity: string;
  source: string;
  owner: string;
  /** The day it is raised (YYYY-MM-DD); also gives the year of the id. */
  asOf: string;
}

/** The next free `NC-<year>-<nnn>` id. */
export function nextNonconformityId(source: RecordSource, asOf: string): string {
  return nextNumberedId(source, `NC-${asOf.slice(0, 4)}-`, 3);
}

export function createNonconformity(source: RecordSource, config: IsmsConfig, request: NonconformityRequest): Scaffold {
  const title = request.title.trim();
  const owner = request.owner.trim();
  if (title === '') throw new ScaffoldRefused('a title is required');
  if (owner === '') throw new ScaffoldRefused('an owner is required');
  if (!(NONCONFORMITY_SEVERITIES as readonly string[]).includes(request.severity)) throw new ScaffoldRefused(`severity must be one of ${NONCONFORMITY_SEVERITIES.join(', ')} (got '${request.severity}')`);
  if (!(NONCONFORMITY_SOURCES as readonly string[]).includes(request.source)) throw new ScaffoldRefused(`source must be one of ${NONCONFORMITY_SOURCES.join(', ')} (got '${request.source}')`);
  if (parseDate(request.asOf) === undefined) throw new ScaffoldRefused(`'${request.asOf}' is not a real date (YYYY-MM-DD)`);
  const id = nextNonconformityId(source, request.asOf);
  assertIdFree(source, id);
  const { file, cursor } = build(config.folders.nonconformities, id, { ...request, title, owner });
  return { files: [file], edits: [], cursor };
}

function build(folder: string, id: string, request: NonconformityRequest) {
  const b = new TextBuilder();
  b.add(`# Nonconformity ${id} (ISO/IEC 27001 clause 10.2). React to it (10.2 a), find its causes (10.2 b),\n`);
  b.add('# act on them (10.2 c) and review the effectiveness of the actions (10.2 d).\n');
  b.add('kind: Nonconformity\n');
  b.add(`id: ${id}\n`);
  b.add(field('title', request.title));
  b.add(`severity: ${request.severity}\n`);
  b.add(`source: ${request.source}\n`);
  b.add(`raised: ${request.asOf}\n`);
  b.add(field('raised_by', request.owner));
  b.add(field('owner', request.owner));
  b.add('status: open\n');
  b.add('# What was found, where, and which requirement (policy, procedure, clause or control) it does not meet.\n');
  b.placeholder('description: ', '<what was found, with the evidence>');
  b.add('# The immediate correction, if any (10.2 a), e.g. "Access keys of the leaver revoked on the same day":\n');
  b.add('# correction:\n');
  b.add('# The Annex A controls and clauses concerned, e.g.:\n');
  b.add('# controls: [A.5.18, A.8.2]\n');
  b.add('# clauses: ["9.1"]\n');
  b.add('# Corrective actions that remove the causes (10.2 c); for a major nonconformity, create the root\n');
  b.add('# cause analysis first (command "ISMS: Create root cause analysis").\n');
  b.add('# actions:\n');
  b.add('#   - description:\n');
  b.add(`#     owner: ${request.owner}\n`);
  b.add('#     due: YYYY-MM-DD\n');
  b.add('#     status: open\n');
  return b.build(joinPath(folder, `${id}.yaml`));
}

/** The file of a new nonconformity with a given id (the repository initialisation's example). */
export function nonconformityText(folder: string, id: string, request: NonconformityRequest) {
  return build(folder, id, request);
}
