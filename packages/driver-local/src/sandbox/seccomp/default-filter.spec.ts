import { describe, expect, it } from '@jest/globals';
import {
  assemble,
  BPF_JEQ_K,
  BPF_JGE_K,
  BPF_JSET_K,
  BPF_LD_W_ABS,
  BPF_RET_K,
  BpfAssemblyError,
  type BpfInstruction,
  decode,
  encode,
} from './bpf-assembler.js';
import {
  AUDIT_ARCH_AARCH64,
  AUDIT_ARCH_X86_64,
  defaultFilterProgram,
  defaultSeccompFilter,
  ENOSYS,
  EPERM,
  SECCOMP_RET_ALLOW,
  SECCOMP_RET_ERRNO,
  SECCOMP_RET_KILL_PROCESS,
} from './default-filter.js';
import { DENIED_SYSCALLS, type SeccompArch } from './denied-syscalls.js';

const AUDIT: Record<SeccompArch, number> = { x86_64: AUDIT_ARCH_X86_64, aarch64: AUDIT_ARCH_AARCH64 };
const AUDIT_ARCH_I386 = 0x40000003;

/** Runs a classic-BPF seccomp program the way the kernel does, on a `seccomp_data` of `nr`, `arch`, `args[0]`. */
function run(program: BpfInstruction[], nr: number, arch: number, arg0 = 0n, order: 'LE' | 'BE' = 'LE'): number {
  const data = Buffer.alloc(64);
  if (order === 'LE') {
    data.writeInt32LE(nr, 0);
    data.writeUInt32LE(arch, 4);
    data.writeBigUInt64LE(arg0, 16);
  } else {
    data.writeInt32BE(nr, 0);
    data.writeUInt32BE(arch, 4);
    data.writeBigUInt64BE(arg0, 16);
  }
  let acc = 0;
  for (let pc = 0; pc < program.length; pc += 1) {
    const ins = program[pc] as BpfInstruction;
    switch (ins.code) {
      case BPF_LD_W_ABS:
        acc = order === 'LE' ? data.readUInt32LE(ins.k) : data.readUInt32BE(ins.k);
        break;
      case BPF_JEQ_K:
        pc += acc === ins.k ? ins.jt : ins.jf;
        break;
      case BPF_JGE_K:
        pc += acc >= ins.k ? ins.jt : ins.jf;
        break;
      case BPF_JSET_K:
        pc += (acc & ins.k) !== 0 ? ins.jt : ins.jf;
        break;
      case BPF_RET_K:
        return ins.k;
      default:
        throw new Error(`unexpected opcode ${ins.code}`);
    }
  }
  throw new Error('fell off the end of the program');
}

const program = decode(defaultSeccompFilter());

describe('defaultSeccompFilter', () => {
  it('is whole sock_filter entries, each jump landing inside the program', () => {
    const buf = defaultSeccompFilter();
    expect(buf.length % 8).toBe(0);
    program.forEach((ins, pc) => {
      if (ins.code !== BPF_LD_W_ABS && ins.code !== BPF_RET_K) {
        expect(pc + 1 + Math.max(ins.jt, ins.jf)).toBeLessThan(program.length);
      }
    });
  });

  for (const arch of ['x86_64', 'aarch64'] as const) {
    describe(`on ${arch}`, () => {
      const denied = Object.entries(DENIED_SYSCALLS).flatMap(([name, nrs]) =>
        nrs[arch] === null ? [] : [[name, nrs[arch]] as const],
      );

      it.each(denied)('refuses %s (%i) with EPERM', (_name, nr) => {
        expect(run(program, nr, AUDIT[arch])).toBe(SECCOMP_RET_ERRNO | EPERM);
      });

      it('allows every other syscall number below 1024 but clone3 (ENOSYS)', () => {
        const deniedNrs = new Set<number>(denied.map(([, nr]) => nr));
        const notAllowed: number[] = [];
        for (let nr = 0; nr < 1024; nr += 1) {
          if (!deniedNrs.has(nr) && nr !== 435 && run(program, nr, AUDIT[arch]) !== SECCOMP_RET_ALLOW)
            notAllowed.push(nr);
        }
        expect(notAllowed).toEqual([]);
        expect(run(program, 435, AUDIT[arch])).toBe(SECCOMP_RET_ERRNO | ENOSYS);
      });

      it('refuses clone with a namespace flag and allows it without', () => {
        const clone = arch === 'x86_64' ? 56 : 220;
        const CLONE_NEWUSER = 0x10000000n;
        const CLONE_NEWNET = 0x40000000n;
        const threadFlags = 0x3d0f00n; // what glibc's pthread_create passes
        expect(run(program, clone, AUDIT[arch], CLONE_NEWUSER)).toBe(SECCOMP_RET_ERRNO | EPERM);
        expect(run(program, clone, AUDIT[arch], CLONE_NEWNET | 17n)).toBe(SECCOMP_RET_ERRNO | EPERM);
        expect(run(program, clone, AUDIT[arch], threadFlags)).toBe(SECCOMP_RET_ALLOW);
        expect(run(program, clone, AUDIT[arch], 17n)).toBe(SECCOMP_RET_ALLOW); // fork: SIGCHLD
      });
    });
  }

  it('kills x32 syscalls on x86_64', () => {
    expect(run(program, 0x40000000 + 39, AUDIT_ARCH_X86_64)).toBe(SECCOMP_RET_KILL_PROCESS);
    expect(run(program, 0x40000000 + 250, AUDIT_ARCH_X86_64)).toBe(SECCOMP_RET_KILL_PROCESS);
  });

  it('kills syscalls of any other architecture (i386 int 0x80 from a 64-bit process)', () => {
    expect(run(program, 20, AUDIT_ARCH_I386)).toBe(SECCOMP_RET_KILL_PROCESS);
    expect(run(program, 0, 0)).toBe(SECCOMP_RET_KILL_PROCESS);
  });

  it('reads the low word of clone flags where a big-endian kernel puts it', () => {
    const be = defaultFilterProgram('BE');
    expect(run(be, 56, AUDIT_ARCH_X86_64, 0x10000000n, 'BE')).toBe(SECCOMP_RET_ERRNO | EPERM);
    expect(run(be, 56, AUDIT_ARCH_X86_64, 17n, 'BE')).toBe(SECCOMP_RET_ALLOW);
    expect(run(be, 250, AUDIT_ARCH_X86_64, 0n, 'BE')).toBe(SECCOMP_RET_ERRNO | EPERM);
  });
});

describe('encode', () => {
  it('writes struct sock_filter: u16 code, u8 jt, u8 jf, u32 k', () => {
    const buf = encode([{ code: 0x15, jt: 1, jf: 2, k: 0xc000003e }], 'LE');
    expect([...buf]).toEqual([0x15, 0, 1, 2, 0x3e, 0, 0, 0xc0]);
    expect(decode(encode(program, 'BE'), 'BE')).toEqual(program);
  });
});

describe('assemble', () => {
  it('throws BpfAssemblyError on a backward jump or an unknown label', () => {
    expect(() =>
      assemble([
        { op: 'label', name: 'a' },
        { op: 'jeq', k: 0, ifTrue: 'a', ifFalse: '' },
        { op: 'ret', k: 0 },
      ]),
    ).toThrow(BpfAssemblyError);
    expect(() => assemble([{ op: 'jeq', k: 0, ifTrue: 'b', ifFalse: '' }])).toThrow(/unknown label b/);
  });
});
