// Adds lockfile entries for platform-specific optional packages that the registry mirror
// used here does not serve (e.g. @pagefind/darwin-arm64). Without them `npm ci` refuses
// the lockfile ("Missing: … from lock file"); with them, npm skips those packages on
// platforms they do not fit, exactly as it does for entries the registry did resolve.
// Run after `npm install` changes package-lock.json: `npm run lockfile:stubs`.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

type Entry = { version?: string; dev?: boolean; optional?: boolean; optionalDependencies?: Record<string, string>; os?: string[]; cpu?: string[]; libc?: string[] };
const path = resolve(import.meta.dirname, '../package-lock.json');
const lock = JSON.parse(readFileSync(path, 'utf8')) as { packages: Record<string, Entry> };

const platformOf = (name: string): Pick<Entry, 'os' | 'cpu' | 'libc'> => {
  const os = ['darwin', 'win32', 'freebsd', 'android', 'linux'].find((o) => name.includes(o)) ?? (name.includes('windows') ? 'win32' : undefined);
  const cpu = ['wasm32', 'arm64', 'x64', 'ia32', 'arm'].find((c) => name.includes(c));
  const libc = name.includes('musl') ? 'musl' : name.includes('gnu') ? 'glibc' : undefined;
  return { ...(os ? { os: [os] } : {}), ...(cpu ? { cpu: [cpu] } : {}), ...(libc ? { libc: [libc] } : {}) };
};

let added = 0;
for (const [key, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const target = `node_modules/${name}`;
    const platform = platformOf(name);
    if (lock.packages[target] || !platform.os && !platform.cpu) continue;
    lock.packages[target] = { version, ...(entry.dev ? { dev: true } : {}), optional: true, ...platform };
    added++;
    process.stdout.write(`stub ${target}@${version} (for ${key})\n`);
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`${added} platform stub(s) added to package-lock.json\n`);
