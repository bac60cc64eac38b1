/**
 * The syscalls the default seccomp filter refuses with `EPERM`, with their numbers on each architecture it knows
 * (`x86_64`: `arch/x86/entry/syscalls/syscall_64.tbl`; `aarch64`: `include/uapi/asm-generic/unistd.h`). `null`:
 * the architecture has no such syscall.
 *
 * The list follows what Docker's default profile refuses to a container without added capabilities, by group:
 * - keyrings (`keyctl`, `add_key`, `request_key`): not namespaced, a container would read and plant keys of
 *   the host's users;
 * - mounts and namespaces (`mount`, `umount2`, `pivot_root`, the new mount API, `unshare`, `setns`; `clone` with
 *   namespace flags is refused apart, see `defaultSeccompProgram`): a new user namespace gives every capability
 *   over the kernel's namespaced code, the largest kernel attack surface a container can reach;
 * - kernel code and tracing (`kexec_*`, `*_module`, `bpf`, `perf_event_open`, `lookup_dcookie`, `syslog`);
 * - `userfaultfd` (stalls kernel copies at will, the staple of kernel exploits' races);
 * - file handles (`open_by_handle_at`: the "shocker" escape opens any host file by handle; `name_to_handle_at`);
 * - host-global state (`acct`, `swapon`/`swapoff`, `reboot`, `quotactl*`, the clocks' setters);
 * - x86_64's obsolete or port-level calls (`iopl`, `ioperm`, `uselib`, `ustat`, `sysfs`, `_sysctl`,
 *   `create_module`, `get_kernel_syms`, `query_module`, `nfsservctl`).
 *
 * `ptrace` is allowed, as Docker allows it on kernels from 4.8 on: from 4.8 the kernel re-checks the filter after a
 * tracer changed a syscall, so tracing cannot bypass it, and the sandbox's PID namespace leaves a process only its
 * own container's processes to trace (strace and gdb work). Older kernels are not supported by the sandbox.
 */
export const DENIED_SYSCALLS = {
  keyctl: { x86_64: 250, aarch64: 219 },
  add_key: { x86_64: 248, aarch64: 217 },
  request_key: { x86_64: 249, aarch64: 218 },
  mount: { x86_64: 165, aarch64: 40 },
  umount2: { x86_64: 166, aarch64: 39 },
  pivot_root: { x86_64: 155, aarch64: 41 },
  open_tree: { x86_64: 428, aarch64: 428 },
  move_mount: { x86_64: 429, aarch64: 429 },
  fsopen: { x86_64: 430, aarch64: 430 },
  fsconfig: { x86_64: 431, aarch64: 431 },
  fsmount: { x86_64: 432, aarch64: 432 },
  fspick: { x86_64: 433, aarch64: 433 },
  mount_setattr: { x86_64: 442, aarch64: 442 },
  unshare: { x86_64: 272, aarch64: 97 },
  setns: { x86_64: 308, aarch64: 268 },
  kexec_load: { x86_64: 246, aarch64: 104 },
  kexec_file_load: { x86_64: 320, aarch64: 294 },
  init_module: { x86_64: 175, aarch64: 105 },
  finit_module: { x86_64: 313, aarch64: 273 },
  delete_module: { x86_64: 176, aarch64: 106 },
  bpf: { x86_64: 321, aarch64: 280 },
  perf_event_open: { x86_64: 298, aarch64: 241 },
  lookup_dcookie: { x86_64: 212, aarch64: 18 },
  syslog: { x86_64: 103, aarch64: 116 },
  userfaultfd: { x86_64: 323, aarch64: 282 },
  open_by_handle_at: { x86_64: 304, aarch64: 265 },
  name_to_handle_at: { x86_64: 303, aarch64: 264 },
  acct: { x86_64: 163, aarch64: 89 },
  swapon: { x86_64: 167, aarch64: 224 },
  swapoff: { x86_64: 168, aarch64: 225 },
  reboot: { x86_64: 169, aarch64: 142 },
  quotactl: { x86_64: 179, aarch64: 60 },
  quotactl_fd: { x86_64: 443, aarch64: 443 },
  clock_settime: { x86_64: 227, aarch64: 112 },
  settimeofday: { x86_64: 164, aarch64: 170 },
  adjtimex: { x86_64: 159, aarch64: 171 },
  clock_adjtime: { x86_64: 305, aarch64: 266 },
  nfsservctl: { x86_64: 180, aarch64: 42 },
  iopl: { x86_64: 172, aarch64: null },
  ioperm: { x86_64: 173, aarch64: null },
  uselib: { x86_64: 134, aarch64: null },
  ustat: { x86_64: 136, aarch64: null },
  sysfs: { x86_64: 139, aarch64: null },
  _sysctl: { x86_64: 156, aarch64: null },
  create_module: { x86_64: 174, aarch64: null },
  get_kernel_syms: { x86_64: 177, aarch64: null },
  query_module: { x86_64: 178, aarch64: null },
} as const satisfies Record<string, Record<SeccompArch, number | null>>;

/** A syscall the default filter refuses. */
export type DeniedSyscall = keyof typeof DENIED_SYSCALLS;

/** The architectures the filter knows (any other is killed). */
export type SeccompArch = 'x86_64' | 'aarch64';

/** `clone` and `clone3` numbers (`clone` is checked on its flags, `clone3` refused with `ENOSYS`). */
export const CLONE_SYSCALLS: Record<SeccompArch, { clone: number; clone3: number }> = {
  x86_64: { clone: 56, clone3: 435 },
  aarch64: { clone: 220, clone3: 435 },
};
