// How soon V8 optimizes a function with TurboFan, for the `isms` process (src/cli/bin.ts).
//
// V8 counts bytecode a function runs against an "interrupt budget" and sends it to TurboFan after
// a few budgets. V8 11 (Node 20) has no mid tier and spends 66 KB per budget; V8 12 and later
// (Node 22 on) put Maglev in between and raised TurboFan's budget to 132 KB. In a check that
// lasts a second, the lower budget has V8 compile many lukewarm functions (on helper threads)
// that the process exits before it earns back: about a fifth of its CPU. On Node 20 the
// executable therefore uses the budget V8 itself moved to. Measured on the benchmark
// repositories (bench/README.md, "2026-12-03, afternoon"): 8 % fewer instructions for a
// check of 2,000 small files, 9–15 % less CPU, never slower on the larger shapes. Output is the
// same: tiering changes when code is compiled, never what it computes.

/** TurboFan's interrupt budget from V8 12 on (flag-definitions.h: `interrupt_budget, 132 * KB`). */
export const TURBOFAN_INTERRUPT_BUDGET = 132 * 1024;

/**
 * The V8 flags `isms` sets for itself: none on V8 12 and later (their defaults already are these),
 * none when the user tunes the same flag (`node --interrupt-budget=…` or NODE_OPTIONS), and
 * otherwise the later TurboFan budget.
 */
export function tieringFlags(v8Version: string, execArgv: readonly string[], nodeOptions: string | undefined): string[] {
  const major = Number.parseInt(v8Version, 10);
  if (!Number.isFinite(major) || major >= 12) return [];
  const given = (flag: string) => /^--interrupt[-_]budget(?:=|$)/.test(flag);
  if (execArgv.some(given) || (nodeOptions ?? '').split(/\s+/).some(given)) return [];
  return [`--interrupt-budget=${TURBOFAN_INTERRUPT_BUDGET}`];
}
