// Loads the report bundle on first use. In the published bundles `./api` is not bundled in:
// scripts/build.mjs turns this import into a require of dist/report.js, beside cli.js and
// extension.js; from source (tests) it is the module itself.
export type ReportModule = typeof import('./api');

let loading: Promise<ReportModule> | undefined;

export function loadReportModule(): Promise<ReportModule> {
  return (loading ??= import('./api'));
}
