// Loads the report bundle on first use. In the published bundles `./api` is not bundled in:
// scripts/build.mjs turns this require into one of dist/report.js, beside cli.js and
// extension.js; from source (tests) it is the module itself.
export type ReportModule = typeof import('./api');

let loaded: ReportModule | undefined;

export async function loadReportModule(): Promise<ReportModule> {
  return (loaded ??= require('./api') as ReportModule);
}
