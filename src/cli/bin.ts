// The `isms` executable (package.json "bin"): turns on Node's on-disk compile cache, then runs the
// CLI bundle. With the cache (Node 22.1 and later; `module.enableCompileCache`, as tsc does since
// 5.7) a run starts from V8's code compiled by an earlier run instead of compiling the ~430 KB
// bundle again; it lives in Node's cache folder (os.tmpdir()/node-compile-cache unless
// NODE_COMPILE_CACHE names one; NODE_DISABLE_COMPILE_CACHE=1 turns it off). Node 20 has no such
// cache and runs the bundle as before. This file must stay tiny and load nothing else first: only
// code loaded after the call is cached. It also sets V8's tiering for a short process
// (src/cli/tiering.ts) before any of the CLI's code runs.
import * as nodeModule from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { tieringFlags } from './tiering';

for (const flag of tieringFlags(process.versions.v8, process.execArgv, process.env.NODE_OPTIONS)) setFlagsFromString(flag);
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the cache is on; scripts/build.mjs keeps it a sibling bundle
(require('./cli.js') as typeof import('./main')).run();
