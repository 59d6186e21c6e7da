// The extension's settings, read per workspace folder.
import * as vscode from 'vscode';
import { parseDate } from '../core/model/dates';

export interface IsmsSettings {
  enable: boolean;
  run: 'onType' | 'onSave';
  /** The as-of override (`YYYY-MM-DD`), or undefined for today. */
  asOf: string | undefined;
  /** Set when `isms.asOf` holds something that is not a real date. */
  asOfProblem?: string;
}

export function readSettings(scope?: vscode.ConfigurationScope): IsmsSettings {
  const config = vscode.workspace.getConfiguration('isms', scope);
  const rawAsOf = (config.get<string>('asOf') ?? '').trim();
  const asOfValid = rawAsOf === '' || parseDate(rawAsOf) !== undefined;
  return {
    enable: config.get<boolean>('enable', true),
    run: config.get<string>('run') === 'onSave' ? 'onSave' : 'onType',
    asOf: rawAsOf && asOfValid ? rawAsOf : undefined,
    asOfProblem: asOfValid ? undefined : `isms.asOf must be a date in YYYY-MM-DD form (got '${rawAsOf}'); using today`,
  };
}

export function affectsIsmsSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration('isms');
}
