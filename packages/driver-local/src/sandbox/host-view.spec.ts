import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readHostView } from './host-view.js';

describe(readHostView.name, () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'berth-hostview-'));
    await mkdir(join(root, 'usr', 'bin'), { recursive: true });
    await symlink('usr/bin', join(root, 'bin'));
    await mkdir(join(root, 'etc', 'ssl', 'private'), { recursive: true });
    await mkdir(join(root, 'etc', 'app'), { recursive: true });
    await mkdir(join(root, 'home'));
    await writeFile(join(root, 'etc', 'passwd'), 'root:x:0:0\n', { mode: 0o644 });
    await writeFile(join(root, 'etc', 'shadow'), 'root:secret\n', { mode: 0o640 });
    await writeFile(join(root, 'etc', 'app', 'token'), 'secret\n', { mode: 0o600 });
    await writeFile(join(root, 'etc', 'ssl', 'private', 'key.pem'), 'key\n', { mode: 0o644 });
    await chmod(join(root, 'etc', 'ssl', 'private'), 0o700);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('binds the system directories, recreates its symlinks, and nothing else of the host', () => {
    const view = readHostView(root);
    expect(view.dirs.sort()).toEqual(['/etc', '/usr']);
    expect(view.symlinks).toEqual([{ path: '/bin', target: 'usr/bin' }]);
  });

  it('hides the files and directories of /etc others may not read, not those they may', () => {
    const view = readHostView(root);
    expect(view.hiddenFiles.sort()).toEqual(['/etc/app/token', '/etc/shadow']);
    expect(view.hiddenDirs).toEqual(['/etc/ssl/private']);
  });
});
