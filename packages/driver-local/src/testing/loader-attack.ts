import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExecutable } from '../sandbox/sandbox-probe.js';

/**
 * C source of the attacker's shared object: when loaded (as a preload or a dependency: its constructor; as an audit
 * module: `la_version`) it appends `CapEff:<hex> <how> uid=<euid> <comm>` to the file `pwn` beside itself — so a line
 * whose CapEff is not 0 was written by a process holding capabilities (a privileged step of the sandbox's wrapper).
 */
const EVIL_C = String.raw`
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
static void record(const char *how) {
  Dl_info info;
  char out[4096] = "/tmp/pwn";
  if (dladdr((void *)record, &info) && info.dli_fname) {
    snprintf(out, sizeof out, "%s", info.dli_fname);
    char *slash = strrchr(out, '/');
    if (slash) strcpy(slash + 1, "pwn");
  }
  char cap[128] = "CapEff:?", line[256], comm[64] = "?";
  FILE *st = fopen("/proc/self/status", "r");
  while (st && fgets(line, sizeof line, st))
    if (!strncmp(line, "CapEff:", 7)) { line[strcspn(line, "\n")] = 0; snprintf(cap, sizeof cap, "%s", line); }
  if (st) fclose(st);
  FILE *c = fopen("/proc/self/comm", "r");
  if (c) { if (fgets(comm, sizeof comm, c)) comm[strcspn(comm, "\n")] = 0; fclose(c); }
  FILE *o = fopen(out, "a");
  if (o) { fprintf(o, "%s %s uid=%d %s\n", cap, how, (int)geteuid(), comm); fclose(o); }
}
__attribute__((constructor)) static void on_load(void) { record("ctor"); }
unsigned int la_version(unsigned int v) { record("audit"); return v; }
`;

/** The attacker's libraries, built on the host. */
export interface LoaderAttackLibs {
  /** The recording shared object (for `LD_PRELOAD` and `LD_AUDIT`). */
  evil: Uint8Array;
  /**
   * A `libcap-ng.so.0` that records and then hands every symbol to the real one (`libcapreal.so`, a copy of the
   * host's): in a directory of `LD_LIBRARY_PATH`, it runs in `setpriv`, which links libcap-ng.
   */
  fakeCapNg: Uint8Array;
  /** The copy of the host's libcap-ng the fake one depends on (put it beside the fake one). */
  realCapNg: Uint8Array;
}

/** Why the loader attacks cannot be built here, or `null` (a C compiler and the host's libcap-ng are present). */
export function loaderAttackUnavailable(): string | null {
  if (findExecutable('cc') === null) return 'no C compiler (cc) to build the attacker library';
  if (hostCapNg() === null) return "the host's libcap-ng.so.0 (setpriv's library) was not found";
  return null;
}

function hostCapNg(): string | null {
  try {
    const out = execFileSync('ldd', ['/usr/bin/setpriv'], { encoding: 'utf8' });
    return /libcap-ng\.so\.0 => (\S+)/.exec(out)?.[1] ?? null;
  } catch {
    return null;
  }
}

/** Builds {@link LoaderAttackLibs} with the host's `cc` (a few hundred ms). */
export function buildLoaderAttackLibs(): LoaderAttackLibs {
  const dir = mkdtempSync(join(tmpdir(), 'berth-loader-attack-'));
  const src = join(dir, 'evil.c');
  writeFileSync(src, EVIL_C);
  const cc = (args: string[]): void => {
    execFileSync('cc', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  };
  cc(['-shared', '-fPIC', '-o', join(dir, 'evil.so'), src]);
  // the fake one's DT_NEEDED must name `libcapreal.so` (linking against the copy would record its soname,
  // libcap-ng.so.0: itself), so it links against an empty stub of that soname; the copy replaces it at run time
  const stub = join(dir, 'stub');
  mkdirSync(stub);
  writeFileSync(join(stub, 'stub.c'), 'int berth_stub;\n');
  cc(['-shared', '-fPIC', '-Wl,-soname,libcapreal.so', '-o', join(stub, 'libcapreal.so'), join(stub, 'stub.c')]);
  cc([
    '-shared',
    '-fPIC',
    '-Wl,-soname,libcap-ng.so.0',
    '-Wl,--no-as-needed',
    '-o',
    join(dir, 'libcap-ng.so.0'),
    src,
    `-L${stub}`,
    '-l:libcapreal.so',
  ]);
  copyFileSync(hostCapNg() as string, join(dir, 'libcapreal.so'));
  const libs = {
    evil: readFileSync(join(dir, 'evil.so')),
    fakeCapNg: readFileSync(join(dir, 'libcap-ng.so.0')),
    realCapNg: readFileSync(join(dir, 'libcapreal.so')),
  };
  rmSync(dir, { recursive: true, force: true });
  return libs;
}

/** The lines of a `pwn` file whose writer held capabilities (CapEff not 0). */
export function privilegedLines(pwn: string): string[] {
  return pwn.split('\n').filter((l) => l.startsWith('CapEff') && !/^CapEff:\s+0+\s/.test(l));
}

/** The lines of a `pwn` file whose writer held no capability. */
export function unprivilegedLines(pwn: string): string[] {
  return pwn.split('\n').filter((l) => /^CapEff:\s+0+\s/.test(l));
}
