/** Every Linux capability name Berth accepts (without the `CAP_` prefix), plus `ALL`. */
export const LINUX_CAPABILITIES: readonly string[] = Object.freeze([
  'ALL',
  'AUDIT_CONTROL',
  'AUDIT_READ',
  'AUDIT_WRITE',
  'BLOCK_SUSPEND',
  'BPF',
  'CHECKPOINT_RESTORE',
  'CHOWN',
  'DAC_OVERRIDE',
  'DAC_READ_SEARCH',
  'FOWNER',
  'FSETID',
  'IPC_LOCK',
  'IPC_OWNER',
  'KILL',
  'LEASE',
  'LINUX_IMMUTABLE',
  'MAC_ADMIN',
  'MAC_OVERRIDE',
  'MKNOD',
  'NET_ADMIN',
  'NET_BIND_SERVICE',
  'NET_BROADCAST',
  'NET_RAW',
  'PERFMON',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_ADMIN',
  'SYS_BOOT',
  'SYS_CHROOT',
  'SYS_MODULE',
  'SYS_NICE',
  'SYS_PACCT',
  'SYS_PTRACE',
  'SYS_RAWIO',
  'SYS_RESOURCE',
  'SYS_TIME',
  'SYS_TTY_CONFIG',
  'SYSLOG',
  'WAKE_ALARM',
]);

const known = new Set(LINUX_CAPABILITIES);

/** `NET_ADMIN` for `cap_net_admin`, `CAP_NET_ADMIN` or `NET_ADMIN`; `null` for an unknown name. */
export function normalizeCapability(name: string): string | null {
  const upper = name.toUpperCase();
  const bare = upper.startsWith('CAP_') ? upper.slice(4) : upper;
  return known.has(bare) ? bare : null;
}
