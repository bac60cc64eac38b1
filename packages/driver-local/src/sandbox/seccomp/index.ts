export {
  assemble,
  BpfAssemblyError,
  type BpfInstruction,
  type BpfStep,
  decode,
  encode,
  NEXT,
} from './bpf-assembler.js';
export {
  AUDIT_ARCH_AARCH64,
  AUDIT_ARCH_X86_64,
  CLONE_NAMESPACE_FLAGS,
  defaultFilterProgram,
  defaultFilterSteps,
  defaultSeccompFilter,
  ENOSYS,
  EPERM,
  SECCOMP_RET_ALLOW,
  SECCOMP_RET_ERRNO,
  SECCOMP_RET_KILL_PROCESS,
  X32_SYSCALL_BIT,
} from './default-filter.js';
export { CLONE_SYSCALLS, DENIED_SYSCALLS, type DeniedSyscall, type SeccompArch } from './denied-syscalls.js';
export { execSeccompArgs, SANDBOX_SECCOMP_FD, withSeccompFd, writeSeccompFilter } from './seccomp-fd.js';
