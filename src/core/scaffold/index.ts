// Scaffolds: pure functions from the repository (records, config), the as-of date and the user's
// answers to the files to write and the edits to make. Shared by the CLI and the extension.
export * from './scaffold';
export * from './rootCauseAnalysis';
export * from './managementReviewAgenda';
export * from './nonconformity';
export * from './repositoryInit';
export * from './loopRecords';
