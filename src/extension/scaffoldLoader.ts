// The scaffold commands run only when asked for, so their code (and the core scaffolds) lives in
// its own bundle, dist/scaffold.js beside dist/extension.js, loaded on the first such command;
// activation registers only these thin commands.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { IsmsServices } from './services';

export const SCAFFOLD_COMMANDS = {
  createRootCauseAnalysis: 'isms.createRootCauseAnalysis',
  prepareManagementReview: 'isms.prepareManagementReview',
  newNonconformity: 'isms.newNonconformity',
  newRisk: 'isms.newRisk',
  newImprovementPlan: 'isms.newImprovementPlan',
  newAuditProgramme: 'isms.newAuditProgramme',
  initRepository: 'isms.initRepository',
} as const;

/** What a scaffold command returns (for tests and other commands): the files written. */
export interface ScaffoldResult {
  created: string[];
  updated: string[];
}

type Handlers = ReturnType<typeof import('./scaffoldCommands').scaffoldHandlers>;

export function registerScaffoldCommands(services: IsmsServices): vscode.Disposable[] {
  let handlers: Handlers | undefined;
  const load = (): Handlers => {
    handlers ??= (require(path.join(__dirname, 'scaffold.js')) as typeof import('./scaffoldCommands')).scaffoldHandlers(services);
    return handlers;
  };
  return Object.values(SCAFFOLD_COMMANDS).map((id) => vscode.commands.registerCommand(id, (...args: unknown[]) => load()[id](...args)));
}
