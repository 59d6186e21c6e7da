// Every question the extension asks goes through Prompts, so integration tests can answer them
// (see `IsmsExtensionApi.setPrompts`) and run commands end to end in a real host.
import * as vscode from 'vscode';

export interface Prompts {
  inputBox(options: vscode.InputBoxOptions): Promise<string | undefined>;
  quickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined>;
  /** Shows a message; errors and warnings are shown modelessly. */
  message(kind: 'info' | 'warning' | 'error', text: string): void;
  /** An information notification with buttons; resolves to the button chosen (undefined when dismissed). */
  notify(text: string, actions: readonly string[]): Promise<string | undefined>;
}

export const vscodePrompts: Prompts = {
  inputBox: async (options) => vscode.window.showInputBox({ ignoreFocusOut: true, ...options }),
  quickPick: async (items, options) => vscode.window.showQuickPick([...items], { ignoreFocusOut: true, ...options }),
  message(kind, text) {
    if (kind === 'error') void vscode.window.showErrorMessage(text);
    else if (kind === 'warning') void vscode.window.showWarningMessage(text);
    else void vscode.window.showInformationMessage(text);
  },
  notify: async (text, actions) => vscode.window.showInformationMessage(text, ...actions),
};
