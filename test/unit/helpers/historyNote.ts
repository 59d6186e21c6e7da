// Temporary test repositories are outside any git work tree, so `isms check --format json` says
// once on stderr that the history from git was not read (FORMAT.md); tests that require a quiet
// stderr otherwise drop that one line.
export function withoutHistoryNote(stderr: string): string {
  return stderr.replace(/^isms: history: [^\n]*\n/, '');
}
