// The built-in ISO/IEC 27001:2022 Annex A catalog: what a Control ref resolves to when the
// repository has no Control record with that id.
import type { ControlTheme } from '../model/model';
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
