// Types of the generator's exports, for the tests that generate a repository (TypeScript).
export const GENERATOR_VERSION: number;
export const AS_OF: string;
export const SIZES: { small: number; medium: number; 'records-2k': number; large: number; 'single-2k': number; 'single-10k': number };
export function shapeOf(size: string): 'records' | 'single';
export const REPOS_DIR: string;
export function generate(size: keyof typeof SIZES, options?: { seed?: number; force?: boolean }): { dir: string; [stamp: string]: unknown };
