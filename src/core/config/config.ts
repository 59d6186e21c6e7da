// isms.config.yaml: read strictly. A bad config is one clear error naming the file and field,
// never a silent fall-back to defaults.
import { parseDocument } from 'yaml';
import { parseDuration, type Duration } from '../model/dates';
import { parseYamlDocuments } from '../parse/yamlDocuments';
import { isMapping, type SeveritySetting } from '../model/model';
import { closest } from '../model/nearest';
import { show } from '../model/show';

export const CONFIG_FILE = 'isms.config.yaml';

export const DEFAULT_INCLUDE: readonly string[] = ['isms/**/*.yaml', 'isms/**/*.yml', '**/*.isms.yaml', '**/*.isms.yml'];
export const ALWAYS_EXCLUDED: readonly string[] = ['**/node_modules/**', '**/.git/**'];

export interface ScaffoldFolders {
  rca: string;
  nonconformities: string;
  reviews: string;
  risks: string;
  plans: string;
  programmes: string;
}

export interface IsmsConfig {
  include: readonly string[];
  /** The config's own excludes; ALWAYS_EXCLUDED apply on top. */
  exclude: readonly string[];
  dueSoonDays: number;
  overdueErrorAfterDays: number;
  controlReviewInterval: Duration;
  /** Default `review_interval` of a Risk. */
  riskReviewInterval: Duration;
  /** How long after the latest held management review the next one is due. */
  managementReviewInterval: Duration;
  /** The highest acceptable current risk score (1-25); unset: `risk-above-appetite` is silent. */
  riskAppetite?: number;
  rules: Readonly<Record<string, SeveritySetting>>;
  folders: ScaffoldFolders;
  /** Larger ISMS files are not read (`file-too-large`), checked with stat before reading. */
  maxFileSize: number;
  /** How far back from as-of the history from git is read (src/core/history), or off. */
  history: HistorySetting;
}

export type HistorySetting = { since: Duration } | 'off';

export const DEFAULT_CONFIG: IsmsConfig = {
  include: DEFAULT_INCLUDE,
  exclude: [],
  dueSoonDays: 14,
  overdueErrorAfterDays: 30,
  controlReviewInterval: { amount: 12, unit: 'M' },
  riskReviewInterval: { amount: 12, unit: 'M' },
  managementReviewInterval: { amount: 12, unit: 'M' },
  rules: {},
  folders: {
    rca: 'isms/rca', nonconformities: 'isms/nonconformities', reviews: 'isms/reviews',
    risks: 'isms/risks', plans: 'isms/plans', programmes: 'isms/audits',
  },
  maxFileSize: 1024 * 1024,
  history: { since: { amount: 3, unit: 'Y' } },
};

export class ConfigError extends Error {
  constructor(readonly file: string, readonly field: string | undefined, detail: string) {
    super(`${file}: ${field ? `${field}: ` : ''}${detail}`);
  }
}

const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'info', 'warning', 'error'];
const FIELDS = [
  'include', 'exclude', 'dueSoonDays', 'overdueErrorAfterDays', 'controlReviewInterval', 'riskReviewInterval',
  'managementReviewInterval', 'riskAppetite', 'rules', 'folders', 'maxFileSize', 'history',
];

/** Parses the config text; throws ConfigError naming `file` and the field at fault. */
export function parseConfig(text: string, file: string, knownCodes: ReadonlySet<string>): IsmsConfig {
  // The same depth guard as ISMS files: yaml's composer recurses, and deep nesting exhausts the stack.
  const tooDeep = parseYamlDocuments(text.replace(/^\uFEFF/, '')).problems.find((p) => p.code === 'yaml-too-deep');
  if (tooDeep) throw new ConfigError(file, undefined, `not valid YAML: ${tooDeep.message}`);
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { schema: 'core', resolveKnownTags: false, uniqueKeys: true, prettyErrors: false, logLevel: 'error' });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    throw new ConfigError(file, undefined, `not valid YAML: ${error.message.split('\n')[0]}`);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new ConfigError(file, undefined, `not valid YAML: ${(e as Error).message}`);
  }
  if (value === null || value === undefined) return DEFAULT_CONFIG;
  if (!isMapping(value)) throw new ConfigError(file, undefined, 'must be a mapping of settings');

  const config: IsmsConfig = { ...DEFAULT_CONFIG, rules: {}, folders: { ...DEFAULT_CONFIG.folders } };
  for (const [key, field] of Object.entries(value)) {
    switch (key) {
      case 'include':
      case 'exclude':
        config[key] = globList(file, key, field);
        break;
      case 'dueSoonDays':
      case 'overdueErrorAfterDays':
        if (typeof field !== 'number' || !Number.isInteger(field) || field < 0) {
          throw new ConfigError(file, key, `must be a whole number of days, 0 or more (got ${show(field)})`);
        }
        config[key] = field;
        break;
      case 'controlReviewInterval':
      case 'riskReviewInterval':
      case 'managementReviewInterval': {
        const duration = parseDuration(field);
        if (!duration) throw new ConfigError(file, key, `must be a duration like P12M, P6M, P1Y, P90D or P2W (got ${show(field)})`);
        config[key] = duration;
        break;
      }
      case 'riskAppetite':
        // null (an empty `riskAppetite:`) leaves it unset, like leaving the key out.
        if (field === null) break;
        if (typeof field !== 'number' || !Number.isInteger(field) || field < 1 || field > 25) {
          throw new ConfigError(file, key, `must be a whole number from 1 to 25, the highest acceptable likelihood x impact (got ${show(field)})`);
        }
        config.riskAppetite = field;
        break;
      case 'rules':
        config.rules = ruleSettings(file, field, knownCodes);
        break;
      case 'folders':
        config.folders = scaffoldFolders(file, field);
        break;
      case 'maxFileSize':
        config.maxFileSize = fileSize(file, field);
        break;
      case 'history':
        config.history = historySetting(file, field);
        break;
      default:
        throw new ConfigError(file, key, `unknown setting${suggestion(key, FIELDS)}; known settings: ${FIELDS.join(', ')}`);
    }
  }
  return config;
}

function globList(file: string, key: string, field: unknown): string[] {
  if (!Array.isArray(field)) throw new ConfigError(file, key, `must be a list of glob patterns (got ${show(field)})`);
  return field.map((glob, i) => {
    if (typeof glob !== 'string' || glob.trim() === '') throw new ConfigError(file, `${key}[${i}]`, `must be a non-empty glob pattern (got ${show(glob)})`);
    return glob;
  });
}

function ruleSettings(file: string, field: unknown, knownCodes: ReadonlySet<string>): Record<string, SeveritySetting> {
  if (field === null) return {};
  if (!isMapping(field)) throw new ConfigError(file, 'rules', `must be a mapping of rule code to off, info, warning or error (got ${show(field)})`);
  const rules: Record<string, SeveritySetting> = {};
  for (const [code, setting] of Object.entries(field)) {
    if (!knownCodes.has(code)) throw new ConfigError(file, `rules.${code}`, `unknown rule code${suggestion(code, [...knownCodes])}`);
    if (typeof setting !== 'string' || !(SEVERITY_SETTINGS as readonly string[]).includes(setting)) {
      throw new ConfigError(file, `rules.${code}`, `must be one of ${SEVERITY_SETTINGS.join(', ')} (got ${show(setting)})`);
    }
    rules[code] = setting as SeveritySetting;
  }
  return rules;
}

function scaffoldFolders(file: string, field: unknown): ScaffoldFolders {
  if (!isMapping(field)) throw new ConfigError(file, 'folders', `must be a mapping of folders (${Object.keys(DEFAULT_CONFIG.folders).join(', ')}) (got ${show(field)})`);
  const folders = { ...DEFAULT_CONFIG.folders };
  for (const [key, folder] of Object.entries(field)) {
    if (!(key in folders)) throw new ConfigError(file, `folders.${key}`, `unknown folder${suggestion(key, Object.keys(folders))}; known: ${Object.keys(folders).join(', ')}`);
    if (typeof folder !== 'string' || folder.trim() === '' || folder.startsWith('/') || folder.split('/').includes('..')) {
      throw new ConfigError(file, `folders.${key}`, `must be a relative folder inside the repository (got ${show(folder)})`);
    }
    folders[key as keyof ScaffoldFolders] = folder.replace(/\/+$/, '');
  }
  return folders;
}

/** A size in bytes: a whole number, or a number with KB or MB (1024-based), e.g. `2MB`. */
function fileSize(file: string, field: unknown): number {
  const match = typeof field === 'string' ? /^(\d+)\s*(KB|MB)$/i.exec(field.trim()) : undefined;
  const bytes = typeof field === 'number' ? field : match ? Number(match[1]) * (match[2].toUpperCase() === 'KB' ? 1024 : 1024 * 1024) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1) throw new ConfigError(file, 'maxFileSize', `must be a size in bytes, or like 512KB or 2MB (got ${show(field)})`);
  return bytes;
}

/** `history: off`, or `history: { since: P3Y }` (a duration back from as-of). */
function historySetting(file: string, field: unknown): HistorySetting {
  if (field === 'off') return 'off';
  if (field === null) return DEFAULT_CONFIG.history;
  if (!isMapping(field)) throw new ConfigError(file, 'history', `must be off, or a mapping with since (got ${show(field)})`);
  let since = (DEFAULT_CONFIG.history as { since: Duration }).since;
  for (const [key, value] of Object.entries(field)) {
    if (key !== 'since') throw new ConfigError(file, `history.${key}`, `unknown setting${suggestion(key, ['since'])}; known: since`);
    const duration = parseDuration(value);
    if (!duration || duration.amount === 0) throw new ConfigError(file, 'history.since', `must be a duration back from as-of like P3Y, P18M or P90D (got ${show(value)})`);
    since = duration;
  }
  return { since };
}

function suggestion(word: string, candidates: readonly string[]): string {
  const best = closest(word, candidates);
  return best ? ` (did you mean '${best}'?)` : '';
}
