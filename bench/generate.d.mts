// Types of the generator's exports, for the tests that generate a repository (TypeScript).
export const GENERATOR_VERSION: number;
export const AS_OF: string;
export const SIZES: { small: number; medium: number; large: number };
export const REPOS_DIR: string;
export function generate(size: 'small' | 'medium' | 'large', options?: { seed?: number; force?: boolean }): { dir: string; [stamp: string]: unknown };
