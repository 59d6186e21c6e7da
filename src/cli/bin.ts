// The `isms` executable (package.json "bin"): turns on Node's on-disk compile cache, then runs the
// CLI bundle. With the cache (Node 22.1 and later; `module.enableCompileCache`, as tsc does since
// 5.7) a run starts from V8's code compiled by an earlier run instead of compiling the ~430 KB
// bundle again; it lives in Node's cache folder (os.tmpdir()/node-compile-cache unless
// NODE_COMPILE_CACHE names one; NODE_DISABLE_COMPILE_CACHE=1 turns it off). Node 20 has no such
// cache and runs the bundle as before. This file must stay tiny and load nothing else first: only
// code loaded after the call is cached.
import * as nodeModule from 'node:module';

(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the cache is on; scripts/build.mjs keeps it a sibling bundle
(require('./cli.js') as typeof import('./main')).run();
