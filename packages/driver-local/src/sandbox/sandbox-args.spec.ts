import type { HostView } from './host-view.js';
import { inDirArgs, nsenterArgs, sandboxArgs } from './sandbox-args.js';

const host: HostView = {
  dirs: ['/usr', '/etc'],
  symlinks: [{ path: '/bin', target: 'usr/bin' }],
  hiddenDirs: ['/etc/ssl/private'],
  hiddenFiles: ['/etc/shadow'],
};
const base = {
  bwrap: '/usr/bin/bwrap',
  userns: false,
  rootfs: '/state/containers/abc/rootfs',
  host,
  mounts: [],
  hostNetwork: false,
  hostname: 'abcdef012345',
};

/** The values following each occurrence of `flag` (one or two operands). */
function operands(args: string[], flag: string, n = 2): string[][] {
  return args.flatMap((a, i) => (a === flag ? [args.slice(i + 1, i + 1 + n)] : []));
}

describe(sandboxArgs.name, () => {
  it('binds the rootfs as / and the host system read-only, hiding what others may not read', () => {
    const args = sandboxArgs(base);
    expect(args[0]).toBe('/usr/bin/bwrap');
    expect(operands(args, '--bind')).toEqual([['/state/containers/abc/rootfs', '/']]);
    expect(operands(args, '--ro-bind')).toEqual([
      ['/usr', '/usr'],
      ['/etc', '/etc'],
      ['/bin', '/bin'], // a top-level link, bound as a directory: the container cannot replace it
      ['/dev/null', '/etc/shadow'],
      ['/proc/sys', '/proc/sys'], // bound after the sandbox's own /proc
    ]);
    expect(args.indexOf('/proc/sys')).toBeGreaterThan(args.indexOf('--proc'));
    expect(operands(args, '--tmpfs', 1)).toContainEqual(['/etc/ssl/private']);
    expect(operands(args, '--remount-ro', 1)).toEqual([['/etc/ssl/private']]);
    expect(args.at(-1)).toBe('--');
  });

  it('unshares pid, ipc, uts and net, and the user namespace only when not root', () => {
    const args = sandboxArgs(base);
    for (const ns of ['--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-net']) expect(args).toContain(ns);
    expect(args).not.toContain('--unshare-user');
    expect(sandboxArgs({ ...base, userns: true })).toContain('--unshare-user');
  });

  it("keeps the host's network namespace only for hostNetwork", () => {
    expect(sandboxArgs({ ...base, hostNetwork: true })).not.toContain('--unshare-net');
  });

  it('binds volumes outermost first, after the system', () => {
    const args = sandboxArgs({
      ...base,
      mounts: [
        { source: '/v/inner', target: '/data/inner' },
        { source: '/v/outer', target: '/data' },
      ],
    });
    expect(operands(args, '--bind').slice(1)).toEqual([
      ['/v/outer', '/data'],
      ['/v/inner', '/data/inner'],
    ]);
  });

  it('sets the hostname, a new session, death with the parent and the info fd', () => {
    const args = sandboxArgs(base);
    expect(operands(args, '--hostname', 1)).toEqual([['abcdef012345']]);
    expect(operands(args, '--info-fd', 1)).toEqual([['3']]);
    expect(args).toEqual(expect.arrayContaining(['--new-session', '--die-with-parent']));
  });
});

describe(nsenterArgs.name, () => {
  it("joins every namespace of the init and takes its root and working directory, never the caller's", () => {
    expect(nsenterArgs('/usr/bin/nsenter', 42, false)).toEqual([
      '/usr/bin/nsenter',
      '-t',
      '42',
      '--mount',
      '--uts',
      '--ipc',
      '--net',
      '--pid',
      '--root',
      '--wd',
      '--',
    ]);
    expect(nsenterArgs('/usr/bin/nsenter', 42, true).slice(3, 5)).toEqual(['--user', '--preserve-credentials']);
    // the host's network namespace: not joined (the caller is in it; from a user namespace it could not be)
    expect(nsenterArgs('/usr/bin/nsenter', 42, true, true)).not.toContain('--net');
  });
});

describe(inDirArgs.name, () => {
  it('passes the directory and owner as arguments, never inside the script', () => {
    const args = inDirArgs('/w; rm -rf /', '1000:1000');
    expect(args.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(args[2]).not.toContain('rm -rf');
    expect(args.slice(3)).toEqual(['berth-cd', '/w; rm -rf /', '1000:1000']);
    expect(inDirArgs('/w', undefined, true)[2]).toContain('printf R >&4');
  });

  it("looks up mkdir and chown in the system directories only, not in the spec's PATH", () => {
    const script = inDirArgs('/w', '1:1')[2] ?? '';
    expect(script).toContain('PATH=/usr/sbin:/usr/bin:/sbin:/bin mkdir -p');
    expect(script).toContain('PATH=/usr/sbin:/usr/bin:/sbin:/bin chown');
  });
});
