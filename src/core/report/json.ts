// `isms report --format json`: FORMAT.md's fields first (asOf, summary, diagnostics, trend,
// trail), then every section of the report model. Stable key order, no absolute paths, no clock:
// the same repository and as-of give the same bytes.
import type { ReportModel } from './reportModel';

export function reportJson(model: ReportModel): string {
  const { asOf, summary, diagnostics, trend, trail, ...sections } = model;
  return JSON.stringify({ asOf, summary, diagnostics, trend, trail, ...sections }, null, 2) + '\n';
}
