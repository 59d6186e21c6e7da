// The entry of dist/history.js: the history reader, which the extension loads on first use
// (extension/folderHistory.ts) so that dist/extension.js stays small. The CLI bundles it directly.
export { loadGitHistory } from './gitHistory';
export { historyReport } from './index';
export { nodeGit } from './gitProcess';
