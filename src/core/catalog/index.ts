// The built-in ISO/IEC 27001:2022 Annex A catalog: what a Control ref resolves to when the
// repository has no Control record with that id.
import type { ControlTheme } from '../model';
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

/** Annex A-like ids that are not 2022 controls, e.g. A.9.4 or A.12.1.2 from the 2013 edition. */
export function looksLikeAnnexA(id: string): boolean {
  return /^A\.\d+(\.\d+)+$/.test(id);
}
