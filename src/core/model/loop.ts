// Readings of the v2 improvement-loop kinds shared by the rules, scaffolds and the editor: a risk's
// scores, a plan's or programme's period. Each returns undefined for a value it cannot read, so
// callers skip it rather than guess (the schema and invalid-date report the value once).
import { parseDate } from './dates';
import { isMapping, type YamlMapping, type YamlValue } from './model';

/** A likelihood or impact: an integer 1-5. */
function level(value: YamlValue | undefined): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5 ? value : undefined;
}

/** likelihood x impact before treatment. */
export function inherentRiskScore(risk: YamlMapping): number | undefined {
  const likelihood = level(risk.likelihood);
  const impact = level(risk.impact);
  return likelihood !== undefined && impact !== undefined ? likelihood * impact : undefined;
}

/** The residual score when `residual` is present (undefined if it cannot be read), else the inherent score. */
export function currentRiskScore(risk: YamlMapping): number | undefined {
  if (risk.residual === undefined || risk.residual === null) return inherentRiskScore(risk);
  if (!isMapping(risk.residual)) return undefined;
  const likelihood = level(risk.residual.likelihood);
  const impact = level(risk.residual.impact);
  return likelihood !== undefined && impact !== undefined ? likelihood * impact : undefined;
}

export interface Period {
  start: number;
  end: number;
}

/** `period: {start, end}` as days, when both are real dates. */
export function periodOf(record: YamlMapping): Period | undefined {
  const period = record.period;
  if (!isMapping(period)) return undefined;
  const start = parseDate(period.start);
  const end = parseDate(period.end);
  return start !== undefined && end !== undefined ? { start, end } : undefined;
}

export function periodContains(period: Period, day: number): boolean {
  return period.start <= day && day <= period.end;
}

/** A string field with non-blank text. */
export function hasText(value: YamlValue | undefined): boolean {
  return typeof value === 'string' && value.trim() !== '';
}
