// Preloaded by `npm run send` (node --import=./scripts/compile-cache.js): turns on Node's module
// compile cache (module.enableCompileCache, in the OS temp folder) before the first .ts file
// loads. Node then keeps each module's type-stripped source and compiled code, keyed by the
// file's content, so later runs skip the TypeScript stripper (about 17 MiB of memory) and
// most compiling. Plain JavaScript on purpose: a .ts file here would need the stripper itself.
import { enableCompileCache } from 'node:module';

enableCompileCache();
