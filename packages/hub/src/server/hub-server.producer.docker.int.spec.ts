import { DockerDriver } from '@berth/driver-docker';
import { describeDocker } from '@berth/driver-docker/testing';
import { SessionManager } from '@berth/session-manager';
import { pino } from 'pino';
import { WebSocket } from 'ws';
import { HubServer } from './hub-server.js';

const READER = 'reader-token-0123456789';
const PRODUCER = 'producer-token-0123456789';
const IMAGE = 'berth/runtime:bookworm';
/**
 * Docker's default bridge gateway: the host as seen from a container on the default network. The hub binds it
 * (a non-loopback bind, so it needs AUTH_TOKEN); `BERTH_TEST_BRIDGE_GATEWAY` overrides it on other setups.
 */
const GATEWAY = process.env.BERTH_TEST_BRIDGE_GATEWAY ?? '172.17.0.1';

/**
 * A producer as a container runs it: Python's standard library only (the runtime image has Node 18, which
 * has no WebSocket), reading BERTH_HUB_URL, BERTH_HUB_TOKEN and BERTH_SESSION_ID, sending the seed's messages.
 */
const PRODUCER_PY = String.raw`
import base64, json, os, socket, struct, urllib.parse

url = urllib.parse.urlparse(os.environ["BERTH_HUB_URL"])
token = os.environ["BERTH_HUB_TOKEN"]
me = os.environ["BERTH_SESSION_ID"]
sock = socket.create_connection((url.hostname, url.port), timeout=20)
key = base64.b64encode(os.urandom(16)).decode()
sock.sendall((
    "GET /?token=" + urllib.parse.quote(token) + " HTTP/1.1\r\n"
    "Host: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n" % (url.hostname, url.port, key)
).encode())
head = b""
while not head.endswith(b"\r\n\r\n"):
    head += sock.recv(1)
assert b" 101 " in head.split(b"\r\n")[0], head

def exactly(n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError("hub closed")
        buf += chunk
    return buf

def send(obj, opcode=1):
    data = obj if isinstance(obj, bytes) else json.dumps(obj).encode()
    mask = os.urandom(4)
    n = len(data)
    if n < 126:
        header = struct.pack("!BB", 0x80 | opcode, 0x80 | n)
    elif n < 65536:
        header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, n)
    else:
        header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, n)
    sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

def receive():
    while True:
        b0, b1 = exactly(2)
        n = b1 & 0x7F
        if n == 126:
            n = struct.unpack("!H", exactly(2))[0]
        elif n == 127:
            n = struct.unpack("!Q", exactly(8))[0]
        payload = exactly(n)
        if b0 & 0x0F == 9:
            send(payload, opcode=10)
            continue
        return json.loads(payload)

def until(kind):
    while True:
        msg = receive()
        if msg["type"] == kind:
            return msg

ready = until("ready")
print("role", ready["data"]["role"], "scope", ready["data"].get("scope"))
# A line on the container's own stdout reaches the hub through the driver (the session's log). The token may
# read its own id: wait until the hub has it, so every reader sees it before the producer's messages.
send({"type": "subscribe", "containerID": me, "stats": False})
print("hello from the container", flush=True)
while True:
    msg = until("log")
    if msg["data"]["message"] == "hello from the container":
        break
send({"type": "status", "containerID": me, "data": {"status": "running", "message": "Executing Claude Code task"}})
send({"type": "log", "containerID": me, "timestamp": "2024-01-01T00:00:00Z",
      "data": {"level": "info", "message": "Repository cloned successfully"}})
send({"type": "log", "containerID": me, "data": {"level": "warn", "message": "tests slow"}})
send({"type": "log", "containerID": "someone-else", "data": {"message": "not mine"}})
print("other id:", until("error")["data"]["code"])
send({"type": "complete", "containerID": me, "data": {"exitCode": 0}})
send({"type": "ping"})
until("pong")
send(struct.pack("!H", 1000), opcode=8)
print("secret in env:", any("${PRODUCER}" in v for v in os.environ.values()))
`;

await describeDocker(`${HubServer.name} with a producer inside a Docker container`, () => {
  let driver: DockerDriver;
  let hub: HubServer;
  let manager: SessionManager;
  let url: string;
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    driver = await DockerDriver.connect();
    hub = new HubServer({
      drivers: { docker: driver },
      // the manager needs the hub's port first: the hub reads its sessions through this late-bound view
      sessions: {
        logs$: (id: string) => manager.logs$(id),
        getSession: (id: string) => manager.getSession(id),
      },
      // Reachable from containers on the default bridge; a non-loopback bind needs AUTH_TOKEN.
      config: { port: 0, host: GATEWAY, authToken: READER, producerToken: PRODUCER },
      logger: pino({ level: 'silent' }),
      defaultMetrics: false,
      disposeOnClose: false,
      dashboardDir: false,
    });
    ({ url } = await hub.start());
    manager = new SessionManager(driver, {
      images: { default: IMAGE },
      labels: { 'berth-test': 'hub-producer' },
      hub: { url, token: PRODUCER },
    });
  }, 60_000);

  afterEach(() => {
    for (const ws of sockets.splice(0)) ws.terminate();
  });

  afterAll(async () => {
    await manager?.dispose().catch(() => undefined);
    await hub?.close();
    await driver?.dispose();
  }, 60_000);

  it("delivers the container's seed-shaped messages to a README subscriber; the token is scoped to its session", async () => {
    const session = await manager.createSession({ agentType: 'python' });
    // The README client: ?token=, subscribe with containerID and auth, read data.level / data.message.
    const ws = new WebSocket(`${url}?token=${READER}`);
    sockets.push(ws);
    const frames: { type: string; containerID?: string; data: Record<string, unknown> }[] = [];
    let subscribed: () => void = () => undefined;
    const waiting = new Promise<void>((resolve) => {
      subscribed = resolve;
    });
    const completed = new Promise<void>((resolve) =>
      ws.on('message', (raw: Buffer) => {
        const frame = JSON.parse(raw.toString('utf8')) as (typeof frames)[number];
        frames.push(frame);
        if (frame.type === 'subscribed') subscribed();
        if (frame.type === 'complete') resolve();
      }),
    );
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.send(JSON.stringify({ type: 'subscribe', containerID: session.id, auth: { token: READER } }));
    await waiting; // subscribed before the producer's first message: it waits for it

    const run = await manager.executeCode(session.id, { language: 'python', code: PRODUCER_PY, timeoutMs: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`role producer scope ${session.id}`);
    expect(run.stdout).toContain('other id: BERTH_HUB_OUT_OF_SCOPE');
    expect(run.stdout).toContain('secret in env: False');
    await completed;

    // a session id given as containerID is the session's channel: its log (driver lines) plus producer lines
    expect(frames.find((f) => f.type === 'subscribed')).toMatchObject({ containerID: session.id });
    const seen = frames
      .filter((f) => f.type === 'log' || f.type === 'status' || f.type === 'complete')
      .map((f) =>
        f.type === 'log'
          ? `${String(f.data.level)} ${String(f.data.message)}`
          : f.type === 'status'
            ? `${String(f.data.status)}: ${String(f.data.message)}`
            : 'complete',
      );
    expect(seen).toEqual([
      `info role producer scope ${session.id}`,
      'info hello from the container',
      'running: Executing Claude Code task',
      'info Repository cloned successfully',
      'warn tests slow',
      'complete',
    ]);
    expect(frames.every((f) => f.type === 'ready' || f.containerID === session.id)).toBe(true);
    await manager.cleanupSession(session.id);
  }, 120_000);
});
