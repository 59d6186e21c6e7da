export function ismsFiles(dir: string): string[];
