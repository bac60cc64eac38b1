import { endianness } from 'node:os';
import { assemble, type BpfInstruction, type BpfStep, encode, NEXT } from './bpf-assembler.js';
import { CLONE_SYSCALLS, DENIED_SYSCALLS, type SeccompArch } from './denied-syscalls.js';

/** `AUDIT_ARCH_X86_64` (`EM_X86_64 | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE`). */
export const AUDIT_ARCH_X86_64 = 0xc000003e;
/** `AUDIT_ARCH_AARCH64` (`EM_AARCH64 | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE`). */
export const AUDIT_ARCH_AARCH64 = 0xc00000b7;
/** `__X32_SYSCALL_BIT`: x32 syscalls on x86_64 have numbers from here. */
export const X32_SYSCALL_BIT = 0x40000000;
/** `SECCOMP_RET_KILL_PROCESS`. */
export const SECCOMP_RET_KILL_PROCESS = 0x80000000;
/** `SECCOMP_RET_ERRNO` (the errno is in the low 16 bits). */
export const SECCOMP_RET_ERRNO = 0x00050000;
/** `SECCOMP_RET_ALLOW`. */
export const SECCOMP_RET_ALLOW = 0x7fff0000;
/** `EPERM`. */
export const EPERM = 1;
/** `ENOSYS`. */
export const ENOSYS = 38;
/**
 * The namespace flags `clone` may not be given (`CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID |
 * NEWNET`), as in Docker's default profile.
 */
export const CLONE_NAMESPACE_FLAGS = 0x7e020000;

/** Offsets in `struct seccomp_data` (`int nr; u32 arch; u64 ip; u64 args[6]`). */
const NR = 0;
const ARCH = 4;

const ARCHES: { arch: SeccompArch; audit: number }[] = [
  { arch: 'x86_64', audit: AUDIT_ARCH_X86_64 },
  { arch: 'aarch64', audit: AUDIT_ARCH_AARCH64 },
];

/**
 * The default filter's steps:
 * - `seccomp_data.arch` is x86_64 or aarch64, else the process is killed (`SECCOMP_RET_KILL_PROCESS`): a 64-bit
 *   process can make i386 syscalls (`int 0x80`), whose numbers differ, so a deny-list checked against the wrong
 *   table would let them through; no container of this driver has a reason to make them;
 * - on x86_64, x32 syscalls (nr ≥ `0x40000000`, another numbering again) are killed likewise;
 * - every syscall of {@link DENIED_SYSCALLS} returns `EPERM`;
 * - `clone` with any of {@link CLONE_NAMESPACE_FLAGS} returns `EPERM` (a new namespace by `clone` rather than
 *   `unshare`); `clone3`, whose flags are in memory a filter cannot read, returns `ENOSYS`, so the C library
 *   falls back to `clone` (glibc and musl do; Docker does the same);
 * - everything else is allowed.
 *
 * `order` is the byte order of `seccomp_data`'s 64-bit arguments (the host's): the low word of `args[0]` is at
 * offset 16 little-endian, 20 big-endian.
 */
export function defaultFilterSteps(order: 'LE' | 'BE' = endianness()): BpfStep[] {
  const arg0Low = order === 'LE' ? 16 : 20;
  const steps: BpfStep[] = [{ op: 'load', offset: ARCH }];
  ARCHES.forEach(({ arch, audit }, i) => {
    const next = ARCHES[i + 1] === undefined ? 'kill' : `arch-${i + 1}`;
    if (i > 0) steps.push({ op: 'label', name: `arch-${i}` });
    steps.push({ op: 'jeq', k: audit, ifTrue: NEXT, ifFalse: next });
    steps.push({ op: 'load', offset: NR });
    if (arch === 'x86_64') steps.push({ op: 'jge', k: X32_SYSCALL_BIT, ifTrue: 'kill', ifFalse: NEXT });
    for (const nrs of Object.values(DENIED_SYSCALLS)) {
      const nr = nrs[arch];
      if (nr !== null) steps.push({ op: 'jeq', k: nr, ifTrue: 'eperm', ifFalse: NEXT });
    }
    steps.push({ op: 'jeq', k: CLONE_SYSCALLS[arch].clone3, ifTrue: 'enosys', ifFalse: NEXT });
    steps.push({ op: 'jeq', k: CLONE_SYSCALLS[arch].clone, ifTrue: 'clone', ifFalse: 'allow' });
  });
  steps.push(
    { op: 'label', name: 'clone' },
    { op: 'load', offset: arg0Low },
    { op: 'jset', k: CLONE_NAMESPACE_FLAGS, ifTrue: 'eperm', ifFalse: 'allow' },
    { op: 'label', name: 'allow' },
    { op: 'ret', k: SECCOMP_RET_ALLOW },
    { op: 'label', name: 'eperm' },
    { op: 'ret', k: SECCOMP_RET_ERRNO | EPERM },
    { op: 'label', name: 'enosys' },
    { op: 'ret', k: SECCOMP_RET_ERRNO | ENOSYS },
    { op: 'label', name: 'kill' },
    { op: 'ret', k: SECCOMP_RET_KILL_PROCESS },
  );
  return steps;
}

/** The default filter (see {@link defaultFilterSteps}) as instructions. */
export function defaultFilterProgram(order: 'LE' | 'BE' = endianness()): BpfInstruction[] {
  return assemble(defaultFilterSteps(order));
}

/**
 * The default filter compiled for the host, as bwrap's `--seccomp <fd>` reads it (an array of `struct sock_filter`).
 *
 * @example
 * ```ts
 * await writeFile(join(runDir, 'seccomp.bpf'), defaultSeccompFilter());
 * ```
 */
export function defaultSeccompFilter(): Buffer {
  return encode(defaultFilterProgram());
}
