// "ISMS: Initialise ISMS repository" end to end in a real VS Code on an empty folder: the files
// match their snapshots, pass the checks with no schema diagnostics, and a second run refuses.
import * as vscode from 'vscode';
import * as assert from 'node:assert';
import { check } from '../../../../src/core/engine/check';
import { activateExtension, readWorkspaceFile, resetEditors, workspaceRoot } from '../../helpers';
import { assertSnapshot, ScriptedPrompts } from '../../scriptedPrompts';

interface Api {
  setPrompts(prompts: unknown): unknown;
}

suite('initialise ISMS repository', () => {
  let api: Api;
  suiteSetup(async () => {
    api = await activateExtension<Api>();
  });
  teardown(resetEditors);

  test('writes the config, the Annex A controls, an example nonconformity, the risk register folder and a draft plan, and opens the nonconformity', async () => {
    const prompts = new ScriptedPrompts({ inputs: ['ciso@example.com'] });
    api.setPrompts(prompts);
    const result = await vscode.commands.executeCommand<{ created: string[] } | undefined>('isms.initRepository');
    prompts.assertAllAnswered();
    assert.deepStrictEqual(result?.created, [
      'isms.config.yaml', 'isms/controls/organizational.yaml', 'isms/controls/people.yaml', 'isms/controls/physical.yaml',
      'isms/controls/technological.yaml', 'isms/nonconformities/NC-2026-001.yaml', 'isms/risks/README.md', 'isms/plans/IP-2026.yaml',
    ], JSON.stringify(prompts.messages));
    assert.match(prompts.announcements[0], /^Initialised the ISMS repository in \S+: 8 files written\. Undo deletes the 8 files created, unless changed since\.$/);
    for (const file of result!.created) assertSnapshot('scaffold-init', file.split('/').pop()!, await readWorkspaceFile(file));
    assert.ok(vscode.window.activeTextEditor?.document.uri.path.endsWith('/isms/nonconformities/NC-2026-001.yaml'));
    const checked = await check({ cwd: workspaceRoot().fsPath, asOf: '2026-11-27' });
    assert.strictEqual(checked.summary.records, 95);
    assert.deepStrictEqual(checked.diagnostics.filter((d) => d.code === 'schema' || d.code === 'yaml-syntax'), []);
  });

  test('a second run refuses and changes nothing', async () => {
    const before = await readWorkspaceFile('isms/controls/people.yaml');
    const prompts = new ScriptedPrompts({ inputs: ['someone@example.com'] });
    api.setPrompts(prompts);
    const result = await vscode.commands.executeCommand('isms.initRepository');
    assert.strictEqual(result, undefined);
    assert.match(prompts.messages[0]?.text ?? '', /already has isms\.config\.yaml; nothing was written/);
    assert.strictEqual(await readWorkspaceFile('isms/controls/people.yaml'), before);
  });
});
