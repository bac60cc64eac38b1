import { DockerDriver } from '@berth/driver-docker';
import { describeDocker } from '@berth/driver-docker/testing';
import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
import { SessionManager } from './session-manager.js';

jest.setTimeout(180_000); // real engine on shared CI cores

/**
 * The default session image must run everyday agent code: the full Python standard library (python3-minimal
 * lacked json, sqlite3, http.client, urllib.request, venv), pip, Node.js and the CLI tools agents call.
 * Uses the manager's own default image (no `images` option), as a user who passes nothing gets it.
 */
await describeDocker('SessionManager default image (Docker)', () => {
  let driver: DockerDriver;
  let manager: SessionManager;
  let sessionId: string;
  const runLabel = `img-${Date.now().toString(36)}`;

  beforeAll(async () => {
    driver = new DockerDriver();
    manager = new SessionManager(driver, { labels: { 'test.run': runLabel }, codeTimeoutMs: 60_000 });
    sessionId = (await manager.createSession({ agentType: 'default-image' })).id;
  });

  afterAll(async () => {
    await manager?.dispose();
    const left = (await driver?.listContainers({ labels: { 'test.run': runLabel } })) ?? [];
    await Promise.all(left.map((c) => driver.removeContainer(c.id, { force: true }).catch(() => undefined)));
    await driver?.dispose();
  });

  it('imports the standard library modules agent code uses every day', async () => {
    const code = [
      'import json, sqlite3, http.client, ssl, urllib.request, venv, csv, decimal, zoneinfo',
      'db = sqlite3.connect(":memory:")',
      'db.execute("create table t (x)")',
      'db.execute("insert into t values (42)")',
      'print(json.dumps({"x": db.execute("select x from t").fetchone()[0], "tls": ssl.OPENSSL_VERSION[:7]}))',
    ].join('\n');
    const r = await manager.executeCode(sessionId, { language: 'python', code });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ x: 42, tls: 'OpenSSL' });
  });

  it('has pip, a working venv, Node.js, git and curl', async () => {
    const code = [
      'set -e',
      'python3 -m pip --version >/dev/null',
      'python3 -m venv /tmp/venv && /tmp/venv/bin/python -c "import sys; print(sys.prefix)"',
      'node -e "console.log(process.versions.node.split(\'.\')[0] >= 18)"',
      'git --version >/dev/null && curl --version >/dev/null && test -s /etc/ssl/certs/ca-certificates.crt',
      'echo tools-ok',
    ].join('\n');
    const r = await manager.executeCode(sessionId, { language: 'bash', code });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toEqual(['/tmp/venv', 'true', 'tools-ok']);
    expect(r.exitCode).toBe(0);
  });
});
