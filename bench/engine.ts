// Entry of the engine bundle the benchmark loads in-process (built by bench/run.mjs with the
// same esbuild options as dist/, into out/bench/engine.cjs).
export { check } from '../src/core/engine/check';
export { RepositoryIndex } from '../src/core/index/repositoryIndex';
export { parseDate } from '../src/core/model/dates';
export { parseAllDocuments, LineCounter } from 'yaml';
export { RepositoryStatus } from '../src/core/status/statusModel';
export { CorrectiveActionsModel } from '../src/core/views/correctiveActionsView';
export { ActionsModel } from '../src/core/views/actionsView';
export { ControlsModel } from '../src/core/views/controlsView';
export { loadGitHistory } from '../src/core/history/gitHistory';
export { CheckCache } from '../src/core/reading/checkCache';
export { IsmsFileMatcher } from '../src/core/reading/repository';
export { nodeFileSystem } from '../src/core/reading/fileSystem';
export { versionOfBlob } from '../src/core/history/versions';
export { versionOfFile } from '../src/core/history/versions';
export { readIsmsFile } from '../src/core/reading/ismsFile';
export { decodeFileText } from '../src/core/reading/fileText';
