// esbuild options shared by the published bundles (scripts/build.mjs) and the benchmark's engine
// bundle (bench/run.mjs), so the benchmark measures what users run.
import { readFile } from 'node:fs/promises';

/**
 * yaml 2.x checks `process.env.LOG_TOKENS` for every lexical token (parse/parser.js) and
 * `process.env.LOG_STREAM` for every top-level token (compose/composer.js). Reading process.env
 * calls into the C++ environment each time: about an eighth of a full check of a large
 * repository. These are yaml's debugging switches; in our bundles they are off.
 */
export const yamlDebugSwitchesOff = {
  name: 'yaml-debug-switches-off',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/](parse[\\/]parser|compose[\\/]composer)\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const contents = source.replace(/\bnode_process\.env\.LOG_(?:TOKENS|STREAM)\b/g, 'false');
      const warnings = contents === source ? [{ text: `${args.path} no longer reads LOG_TOKENS/LOG_STREAM; yamlDebugSwitchesOff can be removed` }] : [];
      return { contents, loader: 'js', warnings };
    });
  },
};

export function bundleOptions({ version, minify = true }) {
  return {
    define: { ISMS_VERSION: JSON.stringify(version) },
    bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: false, minify,
    logLevel: 'warning', legalComments: 'none', plugins: [yamlDebugSwitchesOff],
  };
}

/**
 * The extension loads the compiled schema validators (the largest part of the engine) from their
 * own bundle, dist/validators.js, on the first validation instead of at activation
 * (src/core/schema/recordSchemas.ts requires them lazily); scripts/build.mjs writes that bundle.
 */
export const lazyValidators = {
  name: 'lazy-validators',
  setup(build) {
    build.onResolve({ filter: /[\\/]generated[\\/]validators(\.js)?$/ }, () => ({ path: './validators.js', external: true }));
  },
};
