// Writing a scaffold to disk (the CLI; the extension writes through VS Code): every target is
// checked before anything is written, so a refusal leaves the repository untouched.
import { nodeFsPromises } from '../nodeBuiltins';
import * as path from 'node:path';
import { applyEdits } from '../edits/textEdit';
import { ScaffoldRefused, type Scaffold } from './scaffold';

export interface ScaffoldFileSystem {
  exists(file: string): Promise<boolean>;
  readText(file: string): Promise<string>;
  /** Creates the file (and its folders); fails if it exists. */
  createText(file: string, text: string): Promise<void>;
  replaceText(file: string, text: string): Promise<void>;
}

export const nodeScaffoldFileSystem: ScaffoldFileSystem = {
  async exists(file) {
    try {
      await nodeFsPromises().lstat(file);
      return true;
    } catch {
      return false;
    }
  },
  readText: (file) => nodeFsPromises().readFile(file, 'utf8'),
  async createText(file, text) {
    await nodeFsPromises().mkdir(path.dirname(file), { recursive: true });
    await nodeFsPromises().writeFile(file, text, { encoding: 'utf8', flag: 'wx' });
  },
  replaceText: (file, text) => nodeFsPromises().writeFile(file, text, 'utf8'),
};

export interface WrittenScaffold {
  /** Repository-relative paths. */
  created: string[];
  updated: string[];
}

/** Refuses, naming the file, when a file the scaffold would create exists already. */
export async function assertNoneExist(root: string, scaffold: Scaffold, fs: ScaffoldFileSystem): Promise<void> {
  for (const file of scaffold.files) {
    if (await fs.exists(path.join(root, ...file.path.split('/')))) {
      throw new ScaffoldRefused(`${file.path} already exists; nothing was written (the tools never overwrite a file)`);
    }
  }
}

export async function writeScaffold(root: string, scaffold: Scaffold, fs: ScaffoldFileSystem = nodeScaffoldFileSystem): Promise<WrittenScaffold> {
  await assertNoneExist(root, scaffold, fs);
  const updates: Array<{ file: string; text: string; path: string }> = [];
  for (const edit of scaffold.edits) {
    const file = path.join(root, ...edit.path.split('/'));
    const original = await fs.readText(file);
    const bom = original.startsWith('\uFEFF') ? '\uFEFF' : '';
    updates.push({ file, path: edit.path, text: bom + applyEdits(original.slice(bom.length), edit.edits) });
  }
  const created: string[] = [];
  for (const file of scaffold.files) {
    await fs.createText(path.join(root, ...file.path.split('/')), file.text);
    created.push(file.path);
  }
  for (const update of updates) await fs.replaceText(update.file, update.text);
  return { created, updated: updates.map((u) => u.path) };
}
