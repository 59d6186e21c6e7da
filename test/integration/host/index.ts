// Runs inside the VS Code extension host (code-server's remote Node host or desktop VS Code):
// the `extensionTestsPath` entry bundled per suite as out/integration/<suite>/index.js by
// test/integration/run.mjs. It loads the suite's bundled tests (./tests.js, TDD globals), runs them
// with a spec-like reporter and reports through console.log and, when ISMS_IT_REPORT_FILE is set,
// by appending the same lines to that file (the runner tails it). The last line is a summary:
//   @@ISMS-IT-SUMMARY {"passed":n,"failed":n,"pending":n}
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as nodeModule from 'node:module';

const SUMMARY_PREFIX = '@@ISMS-IT-SUMMARY ';

function emit(line: string): void {
  console.log(line);
  const file = process.env.ISMS_IT_REPORT_FILE;
  if (file) {
    try { fs.appendFileSync(file, line + '\n'); } catch { /* the runner reads console logs too */ }
  }
}

interface RunnableLike { title: string; duration?: number; fullTitle(): string; }
interface SuiteLike { title: string; root?: boolean; }
interface ErrorLike { message?: string; stack?: string; actual?: unknown; expected?: unknown; showDiff?: boolean; }
interface RunnerLike {
  on(event: string, listener: (...args: never[]) => void): unknown;
  once(event: string, listener: (...args: never[]) => void): unknown;
}

/** Map `(out/…/tests.js:L:C)` stack frames back to the .ts sources via the bundle's inline source map. */
function mapStack(stack: string): string {
  const find = (nodeModule as unknown as { findSourceMap?: (p: string) => { findEntry(l: number, c: number): { originalSource?: string; originalLine?: number; originalColumn?: number } } | undefined }).findSourceMap;
  if (typeof find !== 'function') return stack;
  return stack.replace(/(\/[^\s():]+\.js):(\d+):(\d+)/g, (whole, file: string, line: string, col: string) => {
    try {
      const e = find(file)?.findEntry(Number(line) - 1, Number(col) - 1);
      if (!e || !e.originalSource || e.originalLine === undefined) return whole;
      const src = e.originalSource.startsWith('file://') ? new URL(e.originalSource).pathname : path.resolve(path.dirname(file), e.originalSource);
      return `${src}:${e.originalLine + 1}:${(e.originalColumn ?? 0) + 1}`;
    } catch { return whole; }
  });
}

function formatError(err: ErrorLike): string {
  const message = err?.message ?? String(err);
  let stack = typeof err?.stack === 'string' ? err.stack : '';
  // Mocha convention: stack starts with the message; print it once.
  const idx = stack.indexOf(message);
  if (idx >= 0) stack = stack.slice(idx + message.length);
  let out = message + (stack ? '\n' + mapStack(stack.replace(/^\n/, '')) : '');
  // node:assert already puts a diff into its message; other libraries may not.
  if (err && err.showDiff !== false && !/\+ actual/.test(message) && ('expected' in err || 'actual' in err) && (err.actual !== undefined || err.expected !== undefined)) {
    const show = (v: unknown) => { try { return JSON.stringify(v, null, 2); } catch { return String(v); } };
    out += `\n      expected: ${show(err.expected)}\n      actual:   ${show(err.actual)}`;
  }
  return out;
}

/** Spec-like reporter that writes through emit(). */
function makeReporter(): new (runner: RunnerLike) => unknown {
  return class IsmsSpecReporter {
    constructor(runner: RunnerLike) {
      let depth = 0;
      let passed = 0;
      let pending = 0;
      const failures: Array<{ title: string; err: ErrorLike }> = [];
      const indent = () => '  '.repeat(Math.max(depth, 0));
      runner.on('suite', ((s: SuiteLike) => {
        if (!s.root && s.title) emit(`${indent()}${s.title}`);
        depth++;
      }) as never);
      runner.on('suite end', (() => { depth--; }) as never);
      runner.on('pass', ((t: RunnableLike) => {
        passed++;
        emit(`${indent()}✓ ${t.title}${t.duration !== undefined && t.duration > 75 ? ` (${t.duration}ms)` : ''}`);
      }) as never);
      runner.on('pending', ((t: RunnableLike) => { pending++; emit(`${indent()}- ${t.title} (pending)`); }) as never);
      runner.on('fail', ((t: RunnableLike, err: ErrorLike) => {
        failures.push({ title: t.fullTitle(), err });
        emit(`${indent()}✗ ${failures.length}) ${t.title}`);
      }) as never);
      runner.once('end', (() => {
        emit('');
        emit(`  ${passed} passing${pending ? `, ${pending} pending` : ''}${failures.length ? `, ${failures.length} failing` : ''}`);
        failures.forEach((f, i) => {
          emit('');
          emit(`  ${i + 1}) ${f.title}:`);
          emit(formatError(f.err).split('\n').map((l) => '     ' + l).join('\n'));
        });
        emit(SUMMARY_PREFIX + JSON.stringify({ passed, failed: failures.length, pending }));
      }) as never);
    }
  };
}

export async function run(): Promise<void> {
  const setSourceMaps = (process as unknown as { setSourceMapsEnabled?: (on: boolean) => void }).setSourceMapsEnabled;
  if (typeof setSourceMaps === 'function') setSourceMaps.call(process, true);
  let failures = 0;
  try {
    const mod = (await import('mocha')) as unknown as { default?: unknown };
    // mocha >= 12 is an ES module: its class is the default export.
    const Mocha = (mod.default ?? mod) as unknown as new (opts: object) => {
      suite: { emit(event: string, ...args: unknown[]): void };
      run(cb: (failures: number) => void): void;
    };
    const timeout = Number(process.env.ISMS_IT_TEST_TIMEOUT) || 20000;
    const mocha = new Mocha({ ui: 'tdd', color: false, timeout, reporter: makeReporter() });
    const testsFile = path.join(__dirname, 'tests.js');
    // Define the TDD globals (suite, test, setup, teardown, suiteSetup, suiteTeardown), then load
    // the bundled tests, which register themselves against them.
    mocha.suite.emit('pre-require', globalThis, testsFile, mocha);
    mocha.suite.emit('require', require(testsFile), testsFile, mocha);
    mocha.suite.emit('post-require', globalThis, testsFile, mocha);
    failures = await new Promise<number>((resolve) => mocha.run(resolve));
  } catch (e) {
    const err = e as ErrorLike;
    emit(`✗ the suite crashed before or while running: ${formatError(err)}`);
    emit(SUMMARY_PREFIX + JSON.stringify({ passed: 0, failed: 1, pending: 0, crashed: true }));
    throw e;
  }
  if (failures > 0) throw new Error(`${failures} test(s) failed`);
}
