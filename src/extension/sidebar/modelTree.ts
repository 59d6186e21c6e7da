// A TreeDataProvider that renders a pure view model (src/core/views) of every ISMS workspace
// folder. Models are built only while the view is visible and only once per change (the
// workspace's onDidChange, which follows diagnostics, unsaved edits included); children are built
// when expanded. Element ids are the model's stable ids (prefixed with the folder when several
// folders hold ISMS records), so VS Code keeps expansion and selection across refreshes.
import * as vscode from 'vscode';
import type { TreeViewModel, ViewNode } from '../../core/views/viewModel';
import type { IsmsFolder } from '../ismsFolder';
import type { IsmsServices } from '../services';
import type { StatusChange } from '../../core/status/statusModel';
import type { RecordKind } from '../../core/model/model';


/** A folder's root, shown only when several workspace folders hold ISMS records. */
export interface FolderNode extends ViewNode {
  type: 'folder';
}

/**
 * What the tree hands to commands: the model's node, plus `uri`/`document`/`action` so that the
 * record commands (isms.extendDueDate, isms.markControlReviewed…) accept it as their target.
 */
export interface SidebarElement<N extends ViewNode = ViewNode> {
  /** The tree item's id (unique in the view). */
  id: string;
  folderKey: string;
  node: N | FolderNode;
  uri?: string;
  document?: number;
  action?: number;
  /** The action's list field (`actions`, `treatment_plan`, `initiatives`). */
  list?: string;
}

export interface TreeRendering<N extends ViewNode> {
  treeItem(element: SidebarElement<N>, node: N, item: vscode.TreeItem): void;
  /** Extra element fields (uri, document, action) for a node of `folder`. */
  target(folder: IsmsFolder, node: N): Pick<SidebarElement<N>, 'uri' | 'document' | 'action' | 'list'>;
  expandedByDefault(node: N): boolean;
}

const REFRESH_DELAY_MS = 50;

export class ModelTree<N extends ViewNode, M extends TreeViewModel<N>> implements vscode.TreeDataProvider<SidebarElement<N>>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SidebarElement<N> | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly rendered = new vscode.EventEmitter<void>();
  /** Fires after the tree was refreshed for a change (tests wait on it). */
  readonly onDidRefresh = this.rendered.event;
  private models = new Map<string, M>();
  /** Models dropped by a status change: the next model of the folder takes over their unchanged rows. */
  private replaced = new Map<string, M>();
  private elements = new Map<string, SidebarElement<N>>();
  /** The root elements last handed to VS Code (one folder only), to refresh just the rows that changed. */
  private shownRoots: SidebarElement<N>[] | undefined;
  private view: vscode.TreeView<SidebarElement<N>> | undefined;
  private dirty = true;
  private timer: NodeJS.Timeout | undefined;
  /** Bumped on every refresh; tests compare it. */
  generation = 0;
  private readonly disposables: vscode.Disposable[] = [];

  /**
   * `shows`: the record kinds whose status changes this view shows; a change to other kinds (or
   * one that changes nothing shown, like a save of unchanged text) does not refresh it.
   */
  constructor(
    protected readonly services: IsmsServices,
    private readonly buildModel: (folder: IsmsFolder, previous: M | undefined) => M,
    private readonly rendering: TreeRendering<N>,
    private readonly shows: readonly RecordKind[],
  ) {
    this.disposables.push(this.changed, this.rendered, services.workspace.onDidChange((change) => {
      let shown = false;
      for (const [key, update] of change) {
        if (!this.affects(update)) continue;
        shown = true;
        // A model that holds through the change (see TreeViewModel.keepsThrough) is kept.
        const model = this.models.get(key);
        if (model && !model.keepsThrough(update)) {
          this.models.delete(key);
          this.replaced.set(key, model);
        }
      }
      if (shown) this.changedShown();
    }));
  }

  private affects(update: StatusChange): boolean {
    return update.all || this.shows.some((kind) => update.kinds.has(kind));
  }

  attach(view: vscode.TreeView<SidebarElement<N>>): void {
    this.view = view;
    this.disposables.push(view.onDidChangeVisibility((e) => {
      if (e.visible && this.dirty) this.schedule();
    }));
  }

  /** The model of a folder, built on first use after a change. */
  model(folder: IsmsFolder): M {
    const key = folder.folder.uri.toString();
    let model = this.models.get(key);
    if (!model) {
      model = this.buildModel(folder, this.replaced.get(key));
      this.replaced.delete(key);
      this.models.set(key, model);
    }
    return model;
  }

  /** Drops the models; the view rebuilds them when visible (now, or when it is shown). */
  invalidate(): void {
    this.models.clear();
    this.replaced.clear();
    this.shownRoots = undefined;
    this.changedShown();
  }

  /** Rebuilds every model and refreshes the view at once (options changed: filter, grouping…). */
  refreshNow(): void {
    this.models.clear();
    this.replaced.clear();
    this.fireRefresh();
  }

  /** The shown status changed (models already dropped or kept): refresh soon, if visible. */
  private changedShown(): void {
    this.dirty = true;
    if (!this.view || this.view.visible) this.schedule();
  }

  /**
   * After a status change: when the roots are the same rows in the same order, only the rows whose
   * content changed are refreshed (VS Code then re-reads them and their children); a row of an
   * untouched record is not sent again. Otherwise, or with several folders, the whole tree.
   */
  private refreshChanged(): void {
    const folders = this.folders();
    const shown = this.shownRoots;
    if (folders.length !== 1 || !shown) return this.fireRefresh();
    const folder = folders[0];
    const roots = this.model(folder).roots;
    if (roots.length !== shown.length || roots.some((n, i) => n.id !== shown[i].id)) return this.fireRefresh();
    const changed: SidebarElement<N>[] = [];
    roots.forEach((node, i) => {
      const element = shown[i];
      if (element.node === node) return;
      const was = rowSignature(element.node);
      // The same element object (VS Code knows rows by it) now shows the new node.
      Object.assign(element, { node, ...this.rendering.target(folder, node) });
      if (rowSignature(node) !== was || node.hasChildren) changed.push(element);
    });
    this.dirty = false;
    this.generation++;
    for (const element of changed) this.changed.fire(element);
    this.rendered.fire();
  }

  private fireRefresh(): void {
    this.shownRoots = undefined;
    this.elements.clear();
    this.dirty = false;
    this.generation++;
    this.changed.fire(undefined);
    this.rendered.fire();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refreshChanged();
    }, REFRESH_DELAY_MS);
  }

  /** Folders with ISMS records (or with a config), in workspace order. */
  folders(): IsmsFolder[] {
    return [...this.services.workspace.folders.values()].filter((f) => f.index.fileCount > 0);
  }

  getChildren(element?: SidebarElement<N>): SidebarElement<N>[] {
    this.dirty = false;
    const folders = this.folders();
    if (!element) {
      if (folders.length > 1) {
        return folders.map((folder) => this.element(folder, {
          type: 'folder', id: `folder:${folder.folder.uri.toString()}`, parentId: undefined, label: folder.folder.name, description: '', tooltip: folder.root, hasChildren: true,
        }));
      }
      if (folders.length !== 1) return [];
      this.shownRoots = this.model(folders[0]).roots.map((n) => this.element(folders[0], n));
      return this.shownRoots;
    }
    const folder = this.services.workspace.folders.get(element.folderKey);
    if (!folder) return [];
    const node = element.node;
    const children = (node as FolderNode).type === 'folder' ? this.model(folder).roots : this.model(folder).childrenOf(node.id);
    return children.map((n) => this.element(folder, n));
  }

  getParent(element: SidebarElement<N>): SidebarElement<N> | undefined {
    const folder = this.services.workspace.folders.get(element.folderKey);
    if (!folder || (element.node as FolderNode).type === 'folder') return undefined;
    const parentId = element.node.parentId;
    if (parentId === undefined) {
      if (this.folders().length <= 1) return undefined;
      return this.element(folder, {
        type: 'folder', id: `folder:${element.folderKey}`, parentId: undefined, label: folder.folder.name, description: '', tooltip: folder.root, hasChildren: true,
      });
    }
    const parent = this.model(folder).node(parentId);
    return parent ? this.element(folder, parent) : undefined;
  }

  getTreeItem(element: SidebarElement<N>): vscode.TreeItem {
    const node = element.node;
    const folderNode = (node as FolderNode).type === 'folder';
    const expanded = folderNode || this.rendering.expandedByDefault(node as N);
    const item = new vscode.TreeItem(node.label, node.hasChildren
      ? expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed
      : vscode.TreeItemCollapsibleState.None);
    item.id = element.id;
    item.description = node.description || undefined;
    // The tooltip is built in resolveTreeItem, on hover: thousands of rows need none of it.
    if (folderNode) item.iconPath = new vscode.ThemeIcon('root-folder');
    else this.rendering.treeItem(element, node as N, item);
    return item;
  }

  resolveTreeItem(item: vscode.TreeItem, element: SidebarElement<N>): vscode.TreeItem {
    const markdown = element.node.tooltip;
    if (markdown) {
      const tooltip = new vscode.MarkdownString(markdown);
      tooltip.supportThemeIcons = true;
      item.tooltip = tooltip;
    }
    return item;
  }

  /** Whether this tree handed out the element. */
  owns(element: SidebarElement): boolean {
    return this.elements.get(element.id) === element;
  }

  /** The element for a node id of a folder (for reveal). */
  elementFor(folder: IsmsFolder, id: string): SidebarElement<N> | undefined {
    const node = this.model(folder).node(id);
    return node ? this.element(folder, node) : undefined;
  }

  private element(folder: IsmsFolder, node: N | FolderNode): SidebarElement<N> {
    const folderKey = folder.folder.uri.toString();
    const several = this.services.workspace.folders.size > 1;
    const id = several && (node as FolderNode).type !== 'folder' ? `${folderKey}|${node.id}` : node.id;
    const known = this.elements.get(id);
    if (known && known.node === node) return known;
    const element: SidebarElement<N> = { id, folderKey, node, ...((node as FolderNode).type === 'folder' ? {} : this.rendering.target(folder, node as N)) };
    this.elements.set(id, element);
    return element;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

/** What a row shows (label, description, icon and menu inputs): equal signatures need no refresh. */
function rowSignature(node: ViewNode): string {
  const n = node as ViewNode & { type?: string; state?: string; worstSeverity?: string; closable?: boolean; open?: boolean };
  return [n.type, n.label, n.description, n.hasChildren, n.state, n.worstSeverity, n.closable, n.open].join('\u0000');
}
