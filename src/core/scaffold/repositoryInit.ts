// Scaffold: a new ISMS repository -- isms.config.yaml, one Control record per ISO/IEC 27001:2022
// Annex A control (applicable, not implemented; one file per theme), an example nonconformity, the
// (empty) risk register folder and a draft improvement plan for the year.
import { ANNEX_A_CONTROLS, THEME_NAMES } from '../catalog';
import { CONFIG_FILE, DEFAULT_CONFIG, DEFAULT_INCLUDE } from '../config/config';
import { addDays, formatDate, parseDate } from '../model/dates';
import type { ControlTheme } from '../model/model';
import { field, joinPath, scalar, ScaffoldRefused, TextBuilder, type Scaffold, type ScaffoldFile } from './scaffold';

export const CONTROLS_FOLDER = 'isms/controls';

export interface RepositoryInitRequest {
  /** The day of the initialisation (YYYY-MM-DD). */
  asOf: string;
  /** Owner of the example nonconformity (e.g. from `git config user.email`). */
  owner: string;
}

export function initRepository(request: RepositoryInitRequest): Scaffold {
  const asOfDay = parseDate(request.asOf);
  if (asOfDay === undefined) throw new ScaffoldRefused(`'${request.asOf}' is not a real date (YYYY-MM-DD)`);
  const owner = request.owner.trim();
  if (owner === '') throw new ScaffoldRefused('an owner for the example nonconformity is required');
  const files: ScaffoldFile[] = [configFile()];
  const themes: ControlTheme[] = ['organizational', 'people', 'physical', 'technological'];
  for (const theme of themes) files.push(controlsFile(theme));
  const example = exampleNonconformity(request.asOf, formatDate(addDays(asOfDay, 30)), owner);
  files.push(example.file);
  files.push(riskRegisterReadme());
  files.push(draftPlan(request.asOf));
  return { files, edits: [], cursor: example.cursor };
}

function configFile(): ScaffoldFile {
  const f = DEFAULT_CONFIG.folders;
  const text = [
    '# ISMS as Code configuration, read by the `isms` CLI and the editor extension alike, so both',
    '# report the same diagnostics. Every field is optional; the values below are the defaults.',
    '',
    '# Which files hold ISMS records (globs relative to this folder).',
    'include:',
    ...DEFAULT_INCLUDE.map((g) => `  - ${JSON.stringify(g)}`),
    '',
    '# Files to skip in addition to node_modules and .git, e.g. "isms/drafts/**".',
    'exclude: []',
    '',
    '# An open action due within this many days is reported as action-due-soon (info).',
    `dueSoonDays: ${DEFAULT_CONFIG.dueSoonDays}`,
    '',
    '# An action overdue by more than this many days is an error instead of a warning.',
    `overdueErrorAfterDays: ${DEFAULT_CONFIG.overdueErrorAfterDays}`,
    '',
    '# How often a control must be reviewed unless the control sets its own review_interval.',
    'controlReviewInterval: P12M',
    '',
    '# Severity per rule code (off | info | warning | error), e.g. "soa-justification-missing: error".',
    'rules: {}',
    '',
    '# How often a risk must be reassessed unless the risk sets its own review_interval.',
    'riskReviewInterval: P12M',
    '',
    '# How long after the latest held management review the next one is due.',
    'managementReviewInterval: P12M',
    '',
    '# The highest current risk score (likelihood x impact, 1-25) accepted without treatment; once set,',
    '# risk-above-appetite reports accepted risks above it. e.g. "riskAppetite: 12"',
    '# riskAppetite:',
    '',
    '# Where the scaffolding commands (isms new rca | review | nc | risk | plan | programme) put new files.',
    'folders:',
    `  rca: ${f.rca}`,
    `  nonconformities: ${f.nonconformities}`,
    `  reviews: ${f.reviews}`,
    `  risks: ${f.risks}`,
    `  plans: ${f.plans}`,
    `  programmes: ${f.programmes}`,
    '',
  ].join('\n');
  return { path: CONFIG_FILE, text };
}

function riskRegisterReadme(): ScaffoldFile {
  const text = [
    '# Risk register',
    '',
    'One Risk record per file (ISO/IEC 27001 clauses 6.1.2, 6.1.3, 8.2 and 8.3): title, owner, likelihood',
    'and impact (1-5), the treatment (mitigate, accept, avoid, transfer) with its treatment plan, the',
    "controls that treat it and, for accepted risks, the owner's acceptance. Create one with",
    '`isms new risk --title "..."` or the command *ISMS: New risk…*.',
    '',
  ].join('\n');
  return { path: joinPath(DEFAULT_CONFIG.folders.risks, 'README.md'), text };
}

/** This year's improvement plan as a draft without initiatives, for top management to fill and ratify. */
function draftPlan(asOf: string): ScaffoldFile {
  const year = asOf.slice(0, 4);
  const text = [
    `# Continual improvement plan ${year} (clause 10.1). Add the initiatives top management decides (each`,
    '# an action with title, description, owner, due and status, and the nonconformities, objectives,',
    '# risks and controls it answers), then record the ratification: status: ratified, ratified_by,',
    '# ratified_on. `isms new plan --year YYYY` drafts next year\'s plan from the repository.',
    'kind: ImprovementPlan',
    `id: IP-${year}`,
    `title: Continual improvement plan ${year}`,
    'period:',
    `  start: ${year}-01-01`,
    `  end: ${year}-12-31`,
    'status: draft',
    'initiatives: []',
    '',
  ].join('\n');
  return { path: joinPath(DEFAULT_CONFIG.folders.plans, `IP-${year}.yaml`), text };
}

function controlsFile(theme: ControlTheme): ScaffoldFile {
  const controls = ANNEX_A_CONTROLS.filter((c) => c.theme === theme);
  const header = [
    `# Statement of Applicability: the ${controls.length} ${THEME_NAMES[theme].toLowerCase()} controls of ISO/IEC 27001:2022 Annex A.`,
    '# Each starts applicable and not implemented. For each control set:',
    '#   applicable: false plus a justification for an exclusion (clause 6.1.3 d), or',
    '#   status: planned | partial | implemented, an owner, last_reviewed and evidence (path or url).',
    '',
  ].join('\n');
  const records = controls.map((c) => [
    'kind: Control',
    `id: ${c.id}`,
    `title: ${scalar(c.title)}`,
    `theme: ${c.theme}`,
    'applicable: true',
    'status: not-implemented',
    '',
  ].join('\n'));
  return { path: joinPath(CONTROLS_FOLDER, `${theme}.yaml`), text: header + records.join('---\n') };
}

function exampleNonconformity(asOf: string, due: string, owner: string) {
  const id = `NC-${asOf.slice(0, 4)}-001`;
  const b = new TextBuilder();
  b.add('# An example nonconformity (clause 10.2) to show the format: record what was found, the\n');
  b.add('# correction, the actions and, once they are done, the effectiveness review. Replace it with\n');
  b.add('# your first real finding, or work through it and close it.\n');
  b.add('kind: Nonconformity\n');
  b.add(`id: ${id}\n`);
  b.add('title: Statement of Applicability not yet reviewed\n');
  b.add('severity: observation\n');
  b.add('source: other\n');
  b.add(`raised: ${asOf}\n`);
  b.add(field('raised_by', owner));
  b.add(field('owner', owner));
  b.add('status: open\n');
  b.add('description: ');
  b.mark();
  b.add('>-\n');
  b.add('  The ISMS repository was initialised with all 93 Annex A controls applicable and not\n');
  b.add('  implemented. Their applicability, justification, status and owners have not been reviewed yet.\n');
  b.add('controls: [A.5.1, A.5.36]\n');
  b.add('clauses: ["6.1.3"]\n');
  b.add('actions:\n');
  b.add('  - description: Review every control in isms/controls and record applicability, status and owner\n');
  b.add(field('owner', owner, '    '));
  b.add(`    due: ${due}\n`);
  b.add('    status: open\n');
  return b.build(joinPath(DEFAULT_CONFIG.folders.nonconformities, `${id}.yaml`));
}
