// Every question the extension asks goes through Prompts, so integration tests can answer them
// (see `IsmsExtensionApi.setPrompts`) and run commands end to end in a real host.
import * as vscode from 'vscode';

export interface Prompts {
  inputBox(options: vscode.InputBoxOptions): Promise<string | undefined>;
  quickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined>;
  /**
   * A pick that also takes a typed value: `typed` turns what the user typed into an item to accept,
   * or a problem shown in place (the pick stays open until a valid value or an item is chosen).
   */
  pickOrType<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions, typed: (value: string) => T | string): Promise<T | undefined>;
  /** Shows a message; errors and warnings are shown modelessly. */
  message(kind: 'info' | 'warning' | 'error', text: string): void;
  /** An information notification with buttons; resolves to the button chosen (undefined when dismissed). */
  notify(text: string, actions: readonly string[]): Promise<string | undefined>;
}

export const vscodePrompts: Prompts = {
  inputBox: async (options) => vscode.window.showInputBox({ ignoreFocusOut: true, ...options }),
  quickPick: async (items, options) => vscode.window.showQuickPick([...items], { ignoreFocusOut: true, ...options }),
  pickOrType: (items, options, typed) => pickOrType(items, options, typed),
  message(kind, text) {
    if (kind === 'error') void vscode.window.showErrorMessage(text);
    else if (kind === 'warning') void vscode.window.showWarningMessage(text);
    else void vscode.window.showInformationMessage(text);
  },
  notify: async (text, actions) => vscode.window.showInformationMessage(text, ...actions),
};

function pickOrType<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions, typed: (value: string) => T | string): Promise<T | undefined> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<T | vscode.QuickPickItem>();
    pick.title = options.title;
    pick.placeholder = options.placeHolder;
    pick.ignoreFocusOut = true;
    pick.matchOnDescription = true;
    pick.items = [...items];
    let current: T | string | undefined;
    pick.onDidChangeValue((value) => {
      const v = value.trim();
      current = v ? typed(v) : undefined;
      if (current === undefined) pick.items = [...items];
      // The typed entry first and always shown (the filter would hide a date no preset contains).
      else if (typeof current === 'string') pick.items = [{ label: `$(error) ${v}`, description: current, alwaysShow: true }, ...items];
      else pick.items = [{ ...current, alwaysShow: true }, ...items];
    });
    let done = false;
    const finish = (result: T | undefined) => {
      if (done) return;
      done = true;
      resolve(result);
      pick.dispose();
    };
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
      if (!chosen) return;
      if (typeof current !== 'string' && current && chosen.label === current.label) return finish(current);
      const preset = items.find((i) => i === chosen);
      if (preset) return finish(preset);
      // The typed value has a problem: keep the pick open; the problem is on screen.
    });
    pick.onDidHide(() => finish(undefined));
    pick.show();
  });
}
