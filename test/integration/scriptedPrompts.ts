// Scripted answers for the extension's prompts (IsmsExtensionApi.setPrompts), shared by the suites.
// Answers are given in the order the questions come (`['2026-12-11', 'reason']`), or per kind of
// question (`{ inputs: [...], picks: [...] }`). An answer may be a function, run when the question
// is asked (e.g. to change the document meanwhile). Messages are recorded; an unexpected question,
// an answer its validation rejects, or a pick that is not offered fails the test. An answer starting
// with `!` must be rejected: its problem is recorded in `rejected` and the question is cancelled
// (what a user does after reading the problem). Announcements (a change with Open and Undo) are
// recorded in `announcements` and answered from `announce` (default: dismissed).
import type * as vscode from 'vscode';
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

export type Answer = string | (() => string | Promise<string>);

export interface Script {
  inputs?: Answer[];
  picks?: Answer[];
  /** Buttons to press on announcements, in order ('Open', 'Undo'); missing: dismissed. */
  announce?: Answer[];
}

/** The extension's Prompts interface (src/extension/prompts.ts), as the suites see it. */
export interface Prompts {
  inputBox(options: vscode.InputBoxOptions): Promise<string | undefined>;
  quickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined>;
  pickOrType<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions, typed: (value: string) => T | string): Promise<T | undefined>;
  message(kind: 'info' | 'warning' | 'error', text: string): void;
  notify(text: string, actions: readonly string[]): Promise<string | undefined>;
}

export class ScriptedPrompts implements Prompts {
  readonly messages: Array<{ kind: string; text: string }> = [];
  readonly questions: string[] = [];
  /** Problems shown for answers given with a leading `!`. */
  readonly rejected: string[] = [];
  readonly announcements: string[] = [];
  /** The pre-filled value of each input box, in order. */
  readonly inputValues: Array<string | undefined> = [];
  private readonly inputs: Answer[];
  private readonly picks: Answer[];
  private readonly presses: Answer[];

  constructor(script: Answer[] | Script) {
    if (Array.isArray(script)) {
      // One queue for every question, in order.
      this.inputs = [...script];
      this.picks = this.inputs;
    } else {
      this.inputs = [...(script.inputs ?? [])];
      this.picks = [...(script.picks ?? [])];
    }
    this.presses = Array.isArray(script) ? [] : [...(script.announce ?? [])];
  }

  async inputBox(options: vscode.InputBoxOptions): Promise<string | undefined> {
    this.questions.push(`input: ${options.title ?? ''} / ${options.prompt ?? ''}`);
    this.inputValues.push(options.value);
    const next = this.inputs.shift();
    assert.ok(next !== undefined, `unexpected input box: ${options.title} / ${options.prompt}`);
    const given = typeof next === 'function' ? await next() : next;
    const mustReject = given.startsWith('!');
    const answer = mustReject ? given.slice(1) : given;
    const problem = await options.validateInput?.(answer);
    if (mustReject) {
      assert.ok(problem, `answer '${answer}' was accepted, expected a rejection`);
      this.rejected.push(typeof problem === 'string' ? problem : problem.message);
      return undefined;
    }
    assert.ok(!problem, `answer '${answer}' rejected: ${JSON.stringify(problem)}`);
    return answer;
  }

  async pickOrType<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions, typed: (value: string) => T | string): Promise<T | undefined> {
    this.questions.push(`pick or type: ${options.title ?? ''} / ${options.placeHolder ?? ''} [${items.map((i) => i.label).join(', ')}]`);
    const next = this.picks.shift();
    assert.ok(next !== undefined, `unexpected quick pick: ${options.title} / ${options.placeHolder}`);
    const given = typeof next === 'function' ? await next() : next;
    const mustReject = given.startsWith('!');
    const answer = mustReject ? given.slice(1) : given;
    const item = items.find((i) => i.label === answer);
    const result = item ?? typed(answer);
    if (mustReject) {
      assert.ok(typeof result === 'string', `answer '${answer}' was accepted, expected a rejection`);
      this.rejected.push(result);
      return undefined;
    }
    assert.ok(typeof result !== 'string', `answer '${answer}' rejected: ${String(result)}`);
    return result;
  }


  async quickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined> {
    this.questions.push(`pick: ${options.title ?? ''} / ${options.placeHolder ?? ''} [${items.map((i) => i.label).join(', ')}]`);
    const next = this.picks.shift();
    assert.ok(next !== undefined, `unexpected quick pick: ${options.title} / ${options.placeHolder}`);
    const answer = typeof next === 'function' ? await next() : next;
    const item = items.find((i) => i.label === answer);
    assert.ok(item, `no item '${answer}' in ${items.map((i) => i.label).join(', ')}`);
    return item;
  }

  message(kind: 'info' | 'warning' | 'error', text: string): void {
    this.messages.push({ kind, text });
  }

  /**
   * Notifications are recorded as messages (and their texts in `announcements`); the button chosen
   * is the next of the script's `announce` answers, else `notifyAnswer` (default none).
   */
  notifyAnswer: string | undefined;
  async notify(text: string, actions: readonly string[]): Promise<string | undefined> {
    this.messages.push({ kind: 'notify', text: `${text} [${actions.join(', ')}]` });
    this.announcements.push(text);
    const next = this.presses.shift();
    const press = next === undefined ? this.notifyAnswer : typeof next === 'function' ? await next() : next;
    if (press !== undefined) assert.ok(actions.includes(press), `no button '${press}' in ${actions.join(', ')}`);
    return press;
  }

  assertAllAnswered(): void {
    assert.deepStrictEqual({ inputs: this.inputs, picks: this.picks, announce: this.presses }, { inputs: [], picks: [], announce: [] }, 'not every scripted answer was used');
  }
}

/** Runs `run` with `prompts` answering the extension's questions, then restores the previous ones. */
export async function withPrompts<T>(api: { setPrompts(p: Prompts): Prompts }, prompts: Prompts, run: () => Thenable<T> | Promise<T>): Promise<T> {
  const previous = api.setPrompts(prompts);
  try {
    return await run();
  } finally {
    api.setPrompts(previous);
  }
}

// The suite bundles run from out/integration/<suite>/index.js.
const REPO = path.resolve(__dirname, '..', '..', '..');

/**
 * Compares `text` with the snapshot file; a missing snapshot is written (review it, commit it)
 * and the test fails so that a snapshot is never created silently in CI.
 */
export function assertSnapshot(suite: string, name: string, text: string): void {
  const file = path.join(REPO, 'test', 'integration', 'suites', suite, 'snapshots', name);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    assert.fail(`snapshot ${path.relative(REPO, file)} did not exist; it was written now - review it and run again`);
  }
  assert.strictEqual(text, fs.readFileSync(file, 'utf8'), `${name} differs from its snapshot`);
}
