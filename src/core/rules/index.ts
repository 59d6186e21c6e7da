// Every diagnostic code the engine produces: the rules (one module each) and the codes of the
// parsing and validation stages that run before them.
import type { RuleMeta, Rule } from './rule';
import { duplicateId } from './duplicateId';
import { unknownReference } from './unknownReference';
import { overdueAction } from './overdueAction';
import { actionDueSoon } from './actionDueSoon';
import { missingRca } from './missingRca';
import { effectivenessReviewMissing } from './effectivenessReviewMissing';
import { effectivenessReviewOverdue } from './effectivenessReviewOverdue';
import { statusInconsistent } from './statusInconsistent';
import { controlReviewOverdue } from './controlReviewOverdue';
import { soaJustificationMissing } from './soaJustificationMissing';
import { reviewInputMissing } from './reviewInputMissing';
import { objectiveOffTarget } from './objectiveOffTarget';
import { riskAcceptanceMissing } from './riskAcceptanceMissing';
import { riskAcceptanceExpired } from './riskAcceptanceExpired';
import { riskReviewOverdue } from './riskReviewOverdue';
import { riskTreatmentMissing } from './riskTreatmentMissing';
import { riskAboveAppetite } from './riskAboveAppetite';
import { improvementPlanNotRatified } from './improvementPlanNotRatified';
import { improvementPlanLapsed } from './improvementPlanLapsed';
import { opportunityNotPlanned } from './opportunityNotPlanned';
import { auditProgrammeGap } from './auditProgrammeGap';
import { auditorNotIndependent } from './auditorNotIndependent';
import { managementReviewOverdue } from './managementReviewOverdue';
import { reviewDecisionsMissing } from './reviewDecisionsMissing';
import { extentNotAssessed } from './extentNotAssessed';
import { dueChangedWithoutHistory } from './dueChangedWithoutHistory';
import { placeholderText } from './placeholderText';

export const RULES: readonly Rule[] = [
  duplicateId,
  unknownReference,
  overdueAction,
  actionDueSoon,
  missingRca,
  effectivenessReviewMissing,
  effectivenessReviewOverdue,
  statusInconsistent,
  controlReviewOverdue,
  soaJustificationMissing,
  reviewInputMissing,
  objectiveOffTarget,
  riskAcceptanceMissing,
  riskAcceptanceExpired,
  riskReviewOverdue,
  riskTreatmentMissing,
  riskAboveAppetite,
  improvementPlanNotRatified,
  improvementPlanLapsed,
  opportunityNotPlanned,
  auditProgrammeGap,
  auditorNotIndependent,
  managementReviewOverdue,
  reviewDecisionsMissing,
  extentNotAssessed,
  dueChangedWithoutHistory,
  placeholderText,
];

/** Codes reported while reading and validating files, before any rule runs. */
export const STAGE_CODES: readonly RuleMeta[] = [
  { code: 'yaml-syntax', defaultSeverity: 'error', description: 'The file is not valid YAML (includes duplicate keys, alias limits and unresolved aliases).' },
  { code: 'schema', defaultSeverity: 'error', description: "A record violates its kind's schema, or has no known `kind`." },
  { code: 'invalid-date', defaultSeverity: 'error', description: 'A date field is not a real calendar date in `YYYY-MM-DD` form.' },
  { code: 'yaml-too-deep', defaultSeverity: 'error', description: 'A YAML document is nested deeper than 64 levels; it is not read (protects the editor from stack exhaustion).' },
  { code: 'file-too-large', defaultSeverity: 'error', description: 'An ISMS file is larger than the size limit (config `maxFileSize`, default 1 MB); it is not read.' },
  { code: 'invalid-utf8', defaultSeverity: 'error', description: 'An ISMS file is not valid UTF-8; it is not read and no tool edits it.' },
  { code: 'lone-cr', defaultSeverity: 'error', description: 'A line ends with a lone carriage return (CR without LF); YAML and editors count such lines differently.' },
  { code: 'too-many-problems', defaultSeverity: 'info', description: 'A file has more than 100 problems; the rest are summed up in one diagnostic.' },
  { code: 'file-unreadable', defaultSeverity: 'info', description: 'An ISMS file vanished or could not be read during the scan, or is not a regular file.' },
];

export const ALL_CODES: readonly RuleMeta[] = [...STAGE_CODES, ...RULES];

export const KNOWN_CODES: ReadonlySet<string> = new Set(ALL_CODES.map((c) => c.code));

/** README anchor of a code, which diagnostics link to. */
export function documentationUrl(code: string): string {
  return `https://github.com/isms-as-code/isms-as-code#${code}`;
}
