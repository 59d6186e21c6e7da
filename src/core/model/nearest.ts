// Typo suggestions: "did you mean 'in-progress'?" for enum values, field names and ids.

/** The candidate nearest to `word` by edit distance, when near enough to be a plausible typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const limit = Math.max(2, Math.floor(word.length / 3));
  const lower = word.toLowerCase();
  for (const candidate of candidates) {
    // The distance is at least the difference in length: skip what cannot be near enough.
    if (Math.abs(candidate.length - word.length) > Math.min(limit, bestDistance)) continue;
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance && d <= limit) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  // Two reused rows: a file with 100,000 unknown fields asks for a suggestion 100,000 times.
  let previous = new Uint32Array(b.length + 1);
  let current = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ai === b.charCodeAt(j - 1) ? 0 : 1));
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}
