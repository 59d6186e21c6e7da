import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('ISMS', { log: true });
  context.subscriptions.push(log);
  log.info('ISMS as Code activated');
}

export function deactivate(): void {}
