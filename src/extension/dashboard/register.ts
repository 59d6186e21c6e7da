// *ISMS: Open dashboard* and *ISMS: Export report…*: registered at activation, implemented in the
// dashboard bundle (dashboard.ts, with the report bundle behind it), loaded on first use.
import * as vscode from 'vscode';
import { locate } from '../../core/views/viewModel';
import type { IsmsServices } from '../services';
import type { DashboardCommands } from './dashboard';
import { loadDashboardModule } from './lazy';

export function registerDashboard(services: IsmsServices): vscode.Disposable[] {
  let registered: DashboardCommands | undefined;
  // `locate` is passed in so that the dashboard bundle holds no copy of the reading code.
  const commands = () => (registered ??= loadDashboardModule().dashboardCommands(services, { locate }));
  return [
    { dispose: () => registered?.dispose() },
    vscode.commands.registerCommand('isms.openDashboard', () => commands().open()),
    vscode.commands.registerCommand('isms.exportReport', (format?: string, target?: vscode.Uri) => commands().exportReport(format, target)),
  ];
}
