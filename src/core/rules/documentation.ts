// The documentation of every diagnostic code, keyed by code: the one text that the README's rule
// list (`### <code>` sections, checked equal by test/unit/readme.test.ts) and SARIF's rule metadata
// (fullDescription, help) both say. A code without an entry here fails that test.
// Kept out of the rule modules so that only the CLI's SARIF output bundles it, not the extension.

export interface RuleDocumentation {
  /** SARIF `name` when the derived one (see ruleName) would equal the code but for case. */
  name?: string;
  /** Themes and ISO/IEC 27001 clauses, for SARIF `properties.tags` (code scanning filters by them). */
  tags: readonly string[];
  /** The README section under `### <code>`, one Markdown line per README line. */
  markdown: readonly string[];
}

export const RULE_DOCUMENTATION: Readonly<Record<string, RuleDocumentation>> = {
  'yaml-syntax': {
    tags: ['reading', 'yaml'],
    markdown: [
      '**error.** The file is not valid YAML: a parser error, a duplicate key, an alias over the limit or an',
      "unresolved alias; one diagnostic per problem, at the parser's position. A document with syntax errors",
      'gets no other checks, but its `id` still counts, so one typo does not cascade into',
      '`unknown-reference` errors elsewhere.',
    ],
  },
  schema: {
    name: 'SchemaViolation',
    tags: ['reading', 'schema'],
    markdown: [
      "**error.** A record violates its kind's schema or has no known `kind`: at the offending value (wrong",
      "type or value), an unknown field's key, or the start of the mapping that lacks a required field. The",
      'message names the field path and what was expected, e.g. `status: must be one of open, in-progress,',
      "implemented, closed, rejected (got 'inprogress'; did you mean 'in-progress'?)`.",
    ],
  },
  'invalid-date': {
    tags: ['reading', 'schema'],
    markdown: [
      '**error.** A date field is not a real calendar date in `YYYY-MM-DD` form (`2026-02-30`,',
      '`2026-1-5`), at the value. Reported once: rules skip dates they cannot read.',
    ],
  },
  'duplicate-id': {
    tags: ['references'],
    markdown: [
      '**error.** Two or more records share an `id` (across all kinds and files), at every occurrence.',
    ],
  },
  'unknown-reference': {
    tags: ['references', 'annex-a'],
    markdown: [
      '**error.** A reference names no record of the expected kind, at the referencing value. Control',
      'references also resolve to the Annex A 2022 catalog. One of the 114 ISO/IEC 27001:2013 Annex A ids',
      'names its 2022 successors from the ISO/IEC 27002:2022 Annex B correspondence: `A.9.4.1 is an',
      'ISO/IEC 27001:2013 Annex A id; its 2022 successor is A.8.3 (Information access restriction)`; the',
      'quick fixes offer exactly those successors (A.18.2.3 has two) and, when a file has several 2013 ids,',
      '*Replace all 2013 ids in this file* (a one-to-many id becomes all its successors; a successor is',
      'written once per list). Other Annex A-like ids: `A.9.4 is not an ISO 27001:2022 Annex A control',
      '(2013 numbering?)`.',
    ],
  },
  'overdue-action': {
    tags: ['corrective-action', 'clause-10.2'],
    markdown: [
      '**warning; error when more than `overdueErrorAfterDays` (30) days overdue.** An `open` or',
      "`in-progress` action (in a nonconformity, a management review, a risk's `treatment_plan` or a plan's",
      '`initiatives`) whose `due` is before the as-of date, at the `due` value:',
      "`Action 'Automate firewall review' was due 2026-10-31 (27 days ago)`. A date equal to as-of is not",
      'overdue. A `rules` setting replaces the escalation.',
    ],
  },
  'action-due-soon': {
    tags: ['corrective-action', 'clause-10.2'],
    markdown: [
      '**info.** An open or in-progress action due between as-of and as-of + `dueSoonDays` (14), at `due`.',
    ],
  },
  'missing-rca': {
    tags: ['corrective-action', 'clause-10.2'],
    markdown: [
      '**warning.** A `major` nonconformity, not `rejected`, with no `rca` and no RootCauseAnalysis whose',
      "`nonconformity` names it (clause 10.2 b), at the record's `id`. Also when every analysis that names",
      'it (or its `rca`) is still a template: all its `root_causes` are placeholders.',
    ],
  },
  'effectiveness-review-missing': {
    tags: ['corrective-action', 'clause-10.2'],
    markdown: [
      '**warning.** A `closed` nonconformity without `effectiveness`, or whose result is not `effective`',
      '(clause 10.2 d), at its `status`.',
    ],
  },
  'effectiveness-review-overdue': {
    tags: ['corrective-action', 'clause-10.2'],
    markdown: [
      '**warning.** A nonconformity, not `rejected`, whose `effectiveness.result` is `pending` and',
      '`effectiveness.due` lies before as-of, at `effectiveness.due`.',
    ],
  },
  'status-inconsistent': {
    tags: ['corrective-action', 'clause-10.2'],
    markdown: [
      '**warning.** A nonconformity `implemented` or `closed` while an action is still open or in progress',
      "(once, at its `status`); or an action's `completed`, a nonconformity's `closed` or an",
      '`effectiveness.reviewed_on` date after as-of (at that date).',
    ],
  },
  'control-review-overdue': {
    tags: ['annex-a', 'clause-9.1'],
    markdown: [
      '**warning.** An applicable Control never reviewed, or whose last review plus `review_interval`',
      '(default `controlReviewInterval`, P12M) lies before as-of. The last review is the later of',
      '`last_reviewed` and the date (not after as-of) of any `completed` Audit listing the control; months',
      "are added calendar-wise, clamped to the month's end. At `last_reviewed`, else the `id`.",
    ],
  },
  'soa-justification-missing': {
    tags: ['annex-a', 'clause-6.1.3'],
    markdown: [
      '**warning.** A Control with `applicable: false` and no non-empty `justification`, at `applicable`.',
    ],
  },
  'review-input-missing': {
    tags: ['management-review', 'clause-9.3'],
    markdown: [
      '**warning.** A `held` ManagementReview lacking one of the ten clause 9.3.2 inputs or leaving it',
      'empty (null, blank, or only blank items); one diagnostic per input, naming it and its letter',
      '(d1–d4 for `performance`), at the key `inputs` (else the `id`).',
    ],
  },
  'objective-off-target': {
    tags: ['objectives', 'clause-6.2'],
    markdown: [
      '**warning.** The latest measurement on or before as-of (by date; on a tie the later in the list)',
      "misses the Objective's target in its `direction` (equal meets it), at that measurement's `value`.",
    ],
  },
  'risk-acceptance-missing': {
    tags: ['risk', 'clause-6.1.3'],
    markdown: [
      '**warning.** A Risk, not `closed`, whose `treatment` is `accept` or whose `status` is `accepted`,',
      "without `acceptance`: the risk owner's acceptance of the residual risk is not recorded (6.1.3 f). At",
      '`treatment`.',
    ],
  },
  'risk-acceptance-expired': {
    tags: ['risk', 'clause-6.1.3'],
    markdown: [
      '**warning.** A Risk, not `closed`, whose `acceptance.expires` is before as-of (a date equal to as-of',
      'has not expired), at that date.',
    ],
  },
  'risk-review-overdue': {
    tags: ['risk', 'clause-8.2'],
    markdown: [
      '**warning.** A Risk, not `closed`, whose last assessment (`assessed`, else `identified`) plus',
      '`review_interval` (default `riskReviewInterval`, P12M) lies before as-of; months are added',
      'calendar-wise as for controls. At `assessed`, else `identified`. An unreadable `assessed` is',
      'reported once, as `invalid-date`, and never replaced by `identified`.',
    ],
  },
  'risk-treatment-missing': {
    tags: ['risk', 'clause-6.1.3'],
    markdown: [
      '**warning.** A Risk with status `open` or `treating` and treatment `mitigate` or `transfer` whose',
      '`treatment_plan` has no action that is not `cancelled` (6.1.3 e), at `treatment`. Done actions count.',
    ],
  },
  'risk-above-appetite': {
    tags: ['risk', 'clause-6.1.3'],
    markdown: [
      '**warning; only when `riskAppetite` is set.** A Risk, not `closed`, with treatment `accept` whose',
      'current score (`residual.likelihood × residual.impact`, else `likelihood × impact`) is greater than',
      '`riskAppetite`, at `treatment`. A score equal to the appetite is within it; a `residual` that cannot',
      'be read is skipped, never replaced by the inherent score.',
    ],
  },
  'improvement-plan-not-ratified': {
    tags: ['improvement', 'clause-10.1'],
    markdown: [
      '**warning.** An ImprovementPlan with status `draft` whose period contains as-of (start ≤ as-of ≤',
      "end), at `status`: top management has not ratified this year's plan (10.1).",
    ],
  },
  'improvement-plan-lapsed': {
    tags: ['improvement', 'clause-10.1'],
    markdown: [
      "**warning.** No `ratified` ImprovementPlan's period contains as-of, and some ratified plan ended",
      'before it. Reported once for the repository, on the ended ratified plan with the latest',
      '`period.end` (ties: the first by file path in plain string order, then position in the file), at',
      'that `period.end`.',
    ],
  },
  'opportunity-not-planned': {
    tags: ['improvement', 'clause-10.1'],
    markdown: [
      '**info.** A Nonconformity with severity `opportunity`, status `open` or `in-progress`, no action',
      'that is not `cancelled`, that no Initiative of any ImprovementPlan (draft or ratified) lists in',
      '`nonconformities`, at `severity`: an opportunity for improvement nobody acts on.',
    ],
  },
  'audit-programme-gap': {
    tags: ['audit', 'clause-9.2.2'],
    markdown: [
      "**warning.** An item of an AuditProgramme's scope that none of its internal audits covers (9.2.2).",
      "The programme's audits are the `internal` Audits whose `programme` names it, or, without",
      '`programme`, whose `date` lies in its period (`planned` and `completed` both count). Scope: `clauses`',
      '(default `"4"` … `"10"`; `"9"` is covered by an audit clause `"9"` or `"9.x"`) and `controls`',
      '(default `applicable`: every Control record with `applicable: true`). One diagnostic per uncovered',
      'clause and one for all uncovered controls, counting them and naming the first ten (Annex A in catalog',
      "order, then own ids). At the programme's `id`. It does not depend on as-of: a past programme keeps",
      'its gap.',
    ],
  },
  'auditor-not-independent': {
    tags: ['audit', 'clause-9.2.2'],
    markdown: [
      '**warning.** An `internal` Audit whose `auditor` is (trimmed, case-insensitive) the `owner` of a',
      'Control record it lists in `controls` (9.2.2 c: objectivity and impartiality), at that item of',
      '`controls`.',
    ],
  },
  'management-review-overdue': {
    tags: ['management-review', 'clause-9.3'],
    markdown: [
      '**warning.** The latest `held` ManagementReview dated on or before as-of (ties: the first by file',
      'path, then position) whose `date` plus `managementReviewInterval` (P12M) is before as-of. Reported',
      "once, at that review's `date`; nothing when no review was ever held.",
    ],
  },
  'review-decisions-missing': {
    tags: ['management-review', 'clause-9.3.3'],
    markdown: [
      '**warning.** A `held` ManagementReview with no non-blank `decisions` item and no `actions`: the',
      'outputs of the review are not recorded (9.3.3). At `status`.',
    ],
  },
  'extent-not-assessed': {
    tags: ['corrective-action', 'clause-10.2'],
    markdown: [
      '**warning.** A `major` Nonconformity with status `implemented` or `closed` without a non-blank',
      '`similar`: whether similar nonconformities exist or could occur was not assessed (10.2 b 3). At',
      '`status`.',
    ],
  },
  'yaml-too-deep': {
    tags: ['reading', 'robustness'],
    markdown: [
      '**error.** A YAML document nested more than 64 levels deep is not read. Deeply nested input can',
      "exhaust the parser's stack and crash the editor's extension host; the depth is checked before the",
      'document is built.',
    ],
  },
  'file-too-large': {
    tags: ['reading', 'robustness'],
    markdown: [
      '**error.** An ISMS file over 1 MB (config `maxFileSize`) is not read (its size is checked before',
      'reading). ISMS records are small; a file this large is almost certainly generated or misplaced.',
    ],
  },
  'invalid-utf8': {
    tags: ['reading', 'robustness'],
    markdown: [
      '**error.** An ISMS file that is not valid UTF-8 is not read, and no tool edits it.',
    ],
  },
  'lone-cr': {
    tags: ['reading', 'robustness'],
    markdown: [
      '**error.** A line ends with a lone carriage return (CR without LF, the old Mac line ending). YAML',
      'and editors count such lines differently, so positions and values cannot be trusted; reported once',
      'per file, at the first one, with the count. Convert the file to LF or CRLF.',
    ],
  },
  'file-unreadable': {
    tags: ['reading', 'robustness'],
    markdown: [
      '**info.** A matched path that vanished or could not be read during the scan, a symlink to a file',
      'outside the repository, or something that is not a regular file (a folder named `x.yaml`, a FIFO, a',
      'socket). The exit code depends only on real findings.',
    ],
  },
  'too-many-problems': {
    tags: ['reading'],
    markdown: [
      '**info.** A file has more than 100 problems; the first 100 are shown and this one counts the rest.',
    ],
  },
  'placeholder-text': {
    tags: ['reading', 'scaffold'],
    markdown: [
      '**warning.** A string value whose trimmed text starts with `<` and ends with `>`, what the',
      'scaffolds leave to fill in (`owner: <who handles it>`), at that value. Such a value gets only this',
      'diagnostic: `schema`, `invalid-date`, `unknown-reference` and the rules skip it until it is filled in.',
    ],
  },
  'due-changed-without-history': {
    tags: ['history', 'corrective-action', 'clause-10.2'],
    markdown: [
      "**warning; needs the git history.** An action's `due` changed from X to Y between two consecutive",
      "committed versions of its record, or between the last commit and the working tree (or the editor's",
      'unsaved text), and `due_history` has no entry `{from: X, to: Y}`. At the current `due` value:',
      "`Action 'Patch servers': due changed from 2026-09-30 to 2026-10-15 in a1b2c3d (2026-09-28, Ana)",
      'without a due_history entry {from: 2026-09-30, to: 2026-10-15}`. The same action across versions is',
      'the one with the same `id`, else the same `description`, in the record with the same `id` (so',
      'renamed files and records moved between files are followed). Commits within `history.since` (P3Y)',
      'of as-of count. Quick fix: *Record this change in due_history…* asks the reason and writes',
      "`{from, to, reason, on}` (`on`: the commit's date), announced with *Open* and *Undo*. Without git, in a shallow clone or with",
      '`history: off`, this check does nothing and the CLI says so once (see CI usage).',
    ],
  },
};

export function ruleDocumentation(code: string): RuleDocumentation | undefined {
  return Object.prototype.hasOwnProperty.call(RULE_DOCUMENTATION, code) ? RULE_DOCUMENTATION[code] : undefined;
}

/** A human name for a code, as SARIF wants beside the opaque id: `overdue-action` → `OverdueAction`. */
export function ruleName(code: string): string {
  return ruleDocumentation(code)?.name ?? code.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/** The Markdown as plain text: emphasis and code marks dropped, links as `text (url)`, paragraphs unwrapped. */
export function plainText(markdown: readonly string[]): string {
  return markdown
    .join('\n')
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.replace(/\s*\n\s*/g, ' '))
    .join('\n\n')
    .replace(/\[([^\]]*)\]\(([^)]*)\)/g, '$1 ($2)')
    .replace(/\*\*([^*]*)\*\*/g, '$1')
    .replace(/`([^`]*)`/g, '$1');
}
