// How the CLI reads git history: old versions are parsed on worker threads and on the CLI's own
// thread too (nothing else needs it meanwhile), from dist/versionWorker.js beside the bundle.
import { bundledParseThreads, type ParseThreads } from '../core/history/versionThreads';

export function cliHistoryThreads(): ParseThreads | undefined {
  return bundledParseThreads(__dirname, true);
}
