import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

type Hook = (fn: () => void) => void;

/**
 * After the current test file, removes the conformance kit's run directories (names matching `pattern`, e.g.
 * `/^berth-conf-local-/`) that appeared in the host's `/tmp` while it ran. Unsandboxed (`isolation: 'none'`, also
 * what `BERTH_LOCAL_ISOLATION=none` makes the default), a local container's `/tmp` is the host's, so every kit
 * run leaves one there. Those present before belong to someone else and stay. Call it at the file's top level.
 */
export function removeKitRunDirsAfterAll(pattern: RegExp): void {
  const g = globalThis as unknown as { afterAll: Hook };
  const kitDirs = (): string[] => readdirSync('/tmp').filter((name) => pattern.test(name));
  const before = new Set(kitDirs());
  g.afterAll(() => {
    for (const name of kitDirs()) if (!before.has(name)) rmSync(join('/tmp', name), { recursive: true, force: true });
  });
}
