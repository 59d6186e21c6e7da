// Scripted answers for the extension's prompts (IsmsExtensionApi.setPrompts): each question takes
// the next answer of its kind; messages are recorded. An unexpected question fails the test.
import type * as vscode from 'vscode';
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Script {
  inputs?: string[];
  picks?: string[];
}

export class ScriptedPrompts {
  readonly messages: Array<{ kind: string; text: string }> = [];
  readonly questions: string[] = [];
  private inputs: string[];
  private picks: string[];

  constructor(script: Script) {
    this.inputs = [...(script.inputs ?? [])];
    this.picks = [...(script.picks ?? [])];
  }

  async inputBox(options: vscode.InputBoxOptions): Promise<string | undefined> {
    this.questions.push(`input: ${options.title ?? ''} / ${options.prompt ?? ''}`);
    const answer = this.inputs.shift();
    assert.ok(answer !== undefined, `unexpected input box: ${options.title} / ${options.prompt}`);
    const problem = await options.validateInput?.(answer);
    assert.ok(!problem, `answer '${answer}' rejected: ${JSON.stringify(problem)}`);
    return answer;
  }

  async quickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined> {
    this.questions.push(`pick: ${options.title ?? ''} / ${options.placeHolder ?? ''} [${items.map((i) => i.label).join(', ')}]`);
    const answer = this.picks.shift();
    assert.ok(answer !== undefined, `unexpected quick pick: ${options.title} / ${options.placeHolder}`);
    const item = items.find((i) => i.label === answer);
    assert.ok(item, `no item '${answer}' in ${items.map((i) => i.label).join(', ')}`);
    return item;
  }

  message(kind: 'info' | 'warning' | 'error', text: string): void {
    this.messages.push({ kind, text });
  }

  assertAllAnswered(): void {
    assert.deepStrictEqual({ inputs: this.inputs, picks: this.picks }, { inputs: [], picks: [] }, 'not every scripted answer was used');
  }
}

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
