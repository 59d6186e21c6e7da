// The built-in ISO/IEC 27001:2022 Annex A catalog: what a Control ref resolves to when the
// repository has no Control record with that id.
import type { ControlTheme } from '../model/model';
import { ANNEX_A_2013 } from './annexA2013';
import { ANNEX_A_2022 } from './annexA2022';

export interface CatalogControl {
  id: string;
  title: string;
  theme: ControlTheme;
}

export const ANNEX_A_CONTROLS: ReadonlyArray<CatalogControl> = ANNEX_A_2022.map(([id, title, theme]) => ({ id, title, theme }));

const byId = new Map(ANNEX_A_CONTROLS.map((c) => [c.id, c]));

export function catalogControl(id: string): CatalogControl | undefined {
  return byId.get(id);
}

export const THEME_NAMES: Record<ControlTheme, string> = {
  organizational: 'Organizational',
  people: 'People',
  physical: 'Physical',
  technological: 'Technological',
};

/** Annex A-like ids that are not 2022 controls, e.g. A.9.4 or A.5.38. */
export function looksLikeAnnexA(id: string): boolean {
  return /^A\.\d+(\.\d+)+$/.test(id);
}

/**
 * Ids numbered as in the 2013 edition: clauses A.9–A.18 (gone in 2022), or three levels
 * (A.9.4.1, A.5.1.1). A.5.38 is neither: it is simply beyond the 2022 list.
 */
export function looksLike2013Numbering(id: string): boolean {
  const parts = id.slice(2).split('.').map(Number);
  return parts.length >= 3 || parts[0] > 8;
}

/** An ISO/IEC 27001:2013 Annex A control and its 2022 successors (ISO/IEC 27002:2022 Annex B). */
export interface Control2013 {
  id: string;
  title: string;
  /** In the correspondence table's order; every one is in the 2022 catalog. */
  successors: readonly CatalogControl[];
}

export const ANNEX_A_2013_CONTROLS: ReadonlyArray<Control2013> = ANNEX_A_2013.map(([id, title, successors]) => ({
  id, title, successors: successors.map((s) => byId.get(s)!),
}));

const byId2013 = new Map(ANNEX_A_2013_CONTROLS.map((c) => [c.id, c]));

/** The 2013 control with this id (e.g. A.9.4.1), or undefined. */
export function control2013(id: string): Control2013 | undefined {
  return byId2013.get(id);
}

/**
 * The unknown-reference message for a 2013 id, as FORMAT.md (v2) words it: `A.9.4.1 is an
 * ISO/IEC 27001:2013 Annex A id; its 2022 successor is A.8.3 (Information access restriction)`.
 */
export function successorMessage(control: Control2013): string {
  const named = control.successors.map((s) => `${s.id} (${s.title})`);
  const list = named.length <= 2 ? named.join(' and ') : `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}`;
  return `${control.id} is an ISO/IEC 27001:2013 Annex A id; its 2022 ${named.length === 1 ? 'successor is' : 'successors are'} ${list}`;
}
