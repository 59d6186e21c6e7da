// Activation: wires VS Code events and providers to the engine. Activation itself is cheap; the
// first workspace scan runs in the background with progress.
import * as vscode from 'vscode';
import { registerAddField } from './addField';
import { registerDashboard } from './dashboard/register';
import { IsmsCodeActions } from './codeActions';
import { IsmsEditorHelp } from './editorHelp';
import { IsmsWorkspace } from './ismsWorkspace';
import { vscodePrompts, type Prompts } from './prompts';
import { registerRecordCommands } from './recordCommands';
import { registerHistoryCommands } from './historyCommands';
import { registerScaffoldCommands } from './scaffoldLoader';
import type { IsmsServices } from './services';
import { registerSidebar, sidebarApi, type SidebarApi } from './sidebar/sidebar';

/** What the extension exports: used by integration tests and by other extensions. */
export interface IsmsExtensionApi {
  workspace: IsmsWorkspace;
  /** Resolves when the scans started so far have finished. */
  whenIdle(): Promise<void>;
  /** Replaces the prompts (tests answer questions with it); returns the previous ones. */
  setPrompts(prompts: Prompts): Prompts;
  /** The ISMS sidebar's trees, views and status bar item. */
  readonly sidebar: SidebarApi | undefined;
}

const ISMS_FILES: vscode.DocumentSelector = [
  { scheme: 'file', language: 'yaml' },
  { scheme: 'untitled', language: 'yaml' },
];

export function activate(context: vscode.ExtensionContext): IsmsExtensionApi {
  const log = vscode.window.createOutputChannel('ISMS', { log: true });
  const workspace = new IsmsWorkspace(log, context.storageUri);
  let prompts: Prompts = vscodePrompts;
  const services: IsmsServices = {
    workspace,
    log,
    state: context.workspaceState,
    get prompts() {
      return prompts;
    },
  };
  const help = new IsmsEditorHelp(services);
  context.subscriptions.push(
    log,
    workspace,
    vscode.languages.registerCodeActionsProvider(ISMS_FILES, new IsmsCodeActions(services), IsmsCodeActions.metadata),
    vscode.languages.registerHoverProvider(ISMS_FILES, help),
    vscode.languages.registerDefinitionProvider(ISMS_FILES, help),
    vscode.languages.registerReferenceProvider(ISMS_FILES, help),
    vscode.languages.registerCompletionItemProvider(ISMS_FILES, help, ':', ' ', '-'),
    ...registerRecordCommands(services),
    ...registerHistoryCommands(services),
    ...registerScaffoldCommands(services),
    registerAddField(services),
    ...registerSidebar(services, context),
    ...registerDashboard(services),
    vscode.commands.registerCommand('isms.recheck', () => workspace.scanAll()),
    vscode.commands.registerCommand('isms.showLog', () => log.show()),
  );

  void vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'ISMS: checking workspace' },
    () => workspace.scanAll(),
  );
  log.info('ISMS as Code activated');

  return {
    workspace,
    whenIdle: () => workspace.whenIdle(),
    get sidebar() {
      return sidebarApi(services);
    },
    setPrompts(next) {
      const previous = prompts;
      prompts = next;
      return previous;
    },
  };
}

export function deactivate(): void {}
