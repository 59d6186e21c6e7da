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

/**
 * archiver-utils (under exceljs's streaming xlsx writer) still calls the deprecated `new
 * Buffer(...)`, which makes Node print a DeprecationWarning on stderr of every `isms report
 * --format xlsx`. The same buffers, made with Buffer.alloc / Buffer.from.
 */
export const archiverWithoutDeprecatedBuffer = {
  name: 'archiver-without-deprecated-buffer',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]archiver-utils[\\/]index\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const contents = source.replace(/new Buffer\((size|0)\)/g, 'Buffer.alloc($1)').replace(/new Buffer\(source\)/g, 'Buffer.from(source)');
      // (A newer copy without them is left as it is.)
      const warnings = /new Buffer\(/.test(contents) ? [{ text: `${args.path}: a new Buffer() call this plugin does not know; review archiverWithoutDeprecatedBuffer` }] : [];
      return { contents, loader: 'js', warnings };
    });
  },
};

export function bundleOptions({ version, minify = true }) {
  return {
    define: { ISMS_VERSION: JSON.stringify(version) },
    bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: false, minify,
    logLevel: 'warning', legalComments: 'none', plugins: [yamlDebugSwitchesOff, reportBundleSeparate, vegaWithoutCanvas, archiverWithoutDeprecatedBuffer],
  };
}

/**
 * The report code (src/core/report/api.ts, with vega, vega-lite and exceljs) is its own bundle,
 * dist/report.js, and the dashboard (src/extension/dashboard/dashboard.ts) is dist/dashboard.js.
 * The lazy.ts beside each requires `./api` or `./dashboard`; in the bundles that becomes a
 * require of `./report.js` or `./dashboard.js` at run time, so they load only when first used.
 */
export const reportBundleSeparate = {
  name: 'report-bundle-separate',
  setup(build) {
    build.onResolve({ filter: /^\.\/api$/ }, (args) => (/[\\/]core[\\/]report[\\/]lazy\.ts$/.test(args.importer) ? { path: './report.js', external: true } : undefined));
    build.onResolve({ filter: /^\.\/dashboard$/ }, (args) => (/[\\/]extension[\\/]dashboard[\\/]lazy\.ts$/.test(args.importer) ? { path: './dashboard.js', external: true } : undefined));
  },
};

/**
 * vega-canvas's Node build awaits an optional `canvas` package at top level, which a CommonJS
 * bundle cannot hold. The report renders SVG without a canvas: the browser build (no canvas
 * outside a DOM) does the same, without the top-level await.
 */
export const vegaWithoutCanvas = {
  name: 'vega-without-canvas',
  setup(build) {
    build.onResolve({ filter: /^vega-canvas$/ }, async (args) => {
      if (args.pluginData?.vegaWithoutCanvas) return undefined;
      const resolved = await build.resolve('vega-canvas', { kind: args.kind, resolveDir: args.resolveDir, pluginData: { vegaWithoutCanvas: true } });
      return resolved.errors.length ? undefined : { path: resolved.path.replace(/vega-canvas\.node\.js$/, 'vega-canvas.browser.js') };
    });
  },
};

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

/**
 * js-yaml (the event reader's parser, src/core/parse/jsYaml.ts) is its own bundle, dist/jsyaml.js,
 * for the extension and the bundles it loads: src/core/parse/eventDocuments.ts requires it when
 * the first file is read, not at activation. The CLI's bundle holds it.
 */
export const lazyJsYaml = {
  name: 'lazy-js-yaml',
  setup(build) {
    build.onResolve({ filter: /^\.\/jsYaml$/ }, (args) => (/[\\/]core[\\/]parse[\\/]eventDocuments\.ts$/.test(args.importer) ? { path: './jsyaml.js', external: true } : undefined));
  },
};
