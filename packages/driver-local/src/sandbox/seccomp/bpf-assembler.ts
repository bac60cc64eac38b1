import { endianness } from 'node:os';

/** `BPF_LD | BPF_W | BPF_ABS`: loads the 32-bit word at offset `k` of `seccomp_data`. */
export const BPF_LD_W_ABS = 0x20;
/** `BPF_JMP | BPF_JEQ | BPF_K`. */
export const BPF_JEQ_K = 0x15;
/** `BPF_JMP | BPF_JGE | BPF_K`. */
export const BPF_JGE_K = 0x35;
/** `BPF_JMP | BPF_JSET | BPF_K`. */
export const BPF_JSET_K = 0x45;
/** `BPF_RET | BPF_K`. */
export const BPF_RET_K = 0x06;

/** One classic-BPF instruction (`struct sock_filter`) with its jump targets still labels. */
export type BpfStep =
  | { op: 'load'; offset: number }
  | { op: 'jeq' | 'jge' | 'jset'; k: number; ifTrue: string; ifFalse: string }
  | { op: 'ret'; k: number }
  | { op: 'label'; name: string };

/** One encoded instruction. */
export interface BpfInstruction {
  /** Opcode. */
  code: number;
  /** Relative jump when the condition holds. */
  jt: number;
  /** Relative jump when it does not. */
  jf: number;
  /** Constant operand. */
  k: number;
}

/** Label that means "the next instruction" (a jump of 0). */
export const NEXT = '';

/** Thrown when a program cannot be assembled (unknown label, backward or too long a jump). */
export class BpfAssemblyError extends Error {
  /** Stable code. */
  readonly code = 'BERTH_SECCOMP_ASSEMBLY';
  /** @param message - what is wrong. */
  constructor(message: string) {
    super(message);
    this.name = 'BpfAssemblyError';
  }
}

const JUMP_CODES = { jeq: BPF_JEQ_K, jge: BPF_JGE_K, jset: BPF_JSET_K } as const;

/**
 * Resolves labels into classic-BPF's relative, forward-only, 8-bit jumps. Throws {@link BpfAssemblyError} on an
 * unknown label, a backward jump or one past 255 instructions (the program is then laid out wrongly).
 */
export function assemble(steps: readonly BpfStep[]): BpfInstruction[] {
  const at = new Map<string, number>();
  let pc = 0;
  for (const s of steps) {
    if (s.op === 'label') {
      if (at.has(s.name)) throw new BpfAssemblyError(`label ${s.name} defined twice`);
      at.set(s.name, pc);
    } else pc += 1;
  }
  const out: BpfInstruction[] = [];
  for (const s of steps) {
    if (s.op === 'label') continue;
    const here = out.length;
    if (s.op === 'load') out.push({ code: BPF_LD_W_ABS, jt: 0, jf: 0, k: s.offset });
    else if (s.op === 'ret') out.push({ code: BPF_RET_K, jt: 0, jf: 0, k: s.k >>> 0 });
    else {
      const rel = (label: string): number => {
        if (label === NEXT) return 0;
        const to = at.get(label);
        if (to === undefined) throw new BpfAssemblyError(`unknown label ${label}`);
        const d = to - here - 1;
        if (d < 0 || d > 255) throw new BpfAssemblyError(`jump to ${label} out of range (${d})`);
        return d;
      };
      out.push({ code: JUMP_CODES[s.op], jt: rel(s.ifTrue), jf: rel(s.ifFalse), k: s.k >>> 0 });
    }
  }
  return out;
}

/**
 * The program as the kernel (and bwrap's `--seccomp`) takes it: an array of `struct sock_filter`
 * (`u16 code; u8 jt; u8 jf; u32 k`), 8 bytes each, in `order` (the host's by default).
 */
export function encode(program: readonly BpfInstruction[], order: 'LE' | 'BE' = endianness()): Buffer {
  const buf = Buffer.alloc(program.length * 8);
  program.forEach((ins, i) => {
    const o = i * 8;
    if (order === 'LE') {
      buf.writeUInt16LE(ins.code, o);
      buf.writeUInt32LE(ins.k, o + 4);
    } else {
      buf.writeUInt16BE(ins.code, o);
      buf.writeUInt32BE(ins.k, o + 4);
    }
    buf.writeUInt8(ins.jt, o + 2);
    buf.writeUInt8(ins.jf, o + 3);
  });
  return buf;
}

/** Inverse of {@link encode}. */
export function decode(buf: Buffer, order: 'LE' | 'BE' = endianness()): BpfInstruction[] {
  const out: BpfInstruction[] = [];
  for (let o = 0; o + 8 <= buf.length; o += 8) {
    const le = order === 'LE';
    out.push({
      code: le ? buf.readUInt16LE(o) : buf.readUInt16BE(o),
      jt: buf.readUInt8(o + 2),
      jf: buf.readUInt8(o + 3),
      k: le ? buf.readUInt32LE(o + 4) : buf.readUInt32BE(o + 4),
    });
  }
  return out;
}
