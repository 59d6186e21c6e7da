// Loads the dashboard on first use. In the published extension `./dashboard` is its own bundle,
// dist/dashboard.js (scripts/build.mjs), so extension.js and activation stay as small as before.
export type DashboardModule = typeof import('./dashboard');

let loaded: DashboardModule | undefined;

export function loadDashboardModule(): DashboardModule {
  return (loaded ??= require('./dashboard') as DashboardModule);
}
