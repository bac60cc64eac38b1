/**
 * The code runner: a small Python program (standard library only, no `json`, so minimal Pythons work too)
 * started once per session container as `python3 -u -c <script> <delimiter>` over one `execStream`, whose stdin
 * and stdout then carry every `executeCode` run — no Engine round trip per run. Requests on stdin, one a line:
 * `<id> run <timeoutMs> <b64 path> <mode> <b64 stdin|!> <b64 argv, NUL-separated> <b64 env k=v, NUL-separated> <b64 code>`
 * (writes the code file, forks the interpreter in its own process group, feeds stdin and closes it) and
 * `<id> kill` (SIGKILL to the run's process group). Replies are framed like a context interpreter's
 * (`\n<delimiter><payload>\n`): `ready`, `<id> out|err <b64>` (at most 64 KiB of output each, live) and
 * `<id> done <exitCode> <timedOut 0|1>`. On timeout the run's whole process group is killed (exit 137).
 */
export const PYTHON_RUNNER_SCRIPT = String.raw`import base64, os, select, signal, subprocess, sys, threading
DELIM = sys.argv[1].encode()
LOCK = threading.Lock()
RUNS = {}
CHUNK = 65536


def emit(line):
    data = b"\n" + DELIM + line + b"\n"
    with LOCK:
        while data:
            data = data[os.write(1, data):]


def unb(s):
    return b"" if s == "-" else base64.b64decode(s)


def pump(rid, p):
    kinds = {p.stdout.fileno(): b"out", p.stderr.fileno(): b"err"}
    try:
        while kinds:
            for fd in select.select(list(kinds), [], [])[0]:
                b = os.read(fd, CHUNK)
                if b:
                    emit(b"%d %s %s" % (rid, kinds[fd], base64.b64encode(b)))
                else:
                    del kinds[fd]
    except (OSError, ValueError):
        pass


def feed(p, data):
    try:
        if data:
            p.stdin.write(data)
        p.stdin.close()
    except OSError:
        pass


def killgroup(p):
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except OSError:
        pass


def run(rid, timeout_ms, stdin, argv, env):
    code, timed = 0, 0
    try:
        env = dict(os.environ, **env)
        try:
            p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 env=env, start_new_session=True)
        except OSError as e:
            emit(b"%d err %s" % (rid, base64.b64encode(("%s: %s\n" % (argv[0], e.strerror)).encode())))
            emit(b"%d done %d 0" % (rid, 127 if isinstance(e, FileNotFoundError) else 126))
            return
        RUNS[rid] = p
        reader = threading.Thread(target=pump, args=(rid, p), daemon=True)
        reader.start()
        threading.Thread(target=feed, args=(p, stdin), daemon=True).start()
        try:
            code = p.wait(timeout_ms / 1000.0)
        except subprocess.TimeoutExpired:
            timed = 1
            killgroup(p)
            code = p.wait()
        reader.join(0.5)
        code = 128 - code if code < 0 else code
        emit(b"%d done %d %d" % (rid, code, timed))
    except Exception as e:
        emit(b"%d err %s" % (rid, base64.b64encode(("berth runner: %r\n" % (e,)).encode())))
        emit(b"%d done 1 0" % rid)
    finally:
        RUNS.pop(rid, None)


def start(parts):
    rid, timeout_ms = int(parts[0]), int(parts[2])
    path = unb(parts[3]).decode()
    stdin = None if parts[5] == "!" else unb(parts[5])
    argv = unb(parts[6]).decode().split("\0")
    env = dict(kv.split("=", 1) for kv in unb(parts[7]).decode().split("\0") if "=" in kv)
    d = os.path.dirname(path)
    if d:
        os.makedirs(d, exist_ok=True)
    with open(path, "wb") as f:
        f.write(unb(parts[8]))
    os.chmod(path, int(parts[4], 8))
    threading.Thread(target=run, args=(rid, timeout_ms, stdin, argv, env), daemon=True).start()


emit(b"ready")
for raw in sys.stdin.buffer:
    parts = raw.decode().split()
    if len(parts) >= 2 and parts[1] == "kill":
        p = RUNS.get(int(parts[0]))
        if p is not None:
            killgroup(p)
    elif len(parts) == 9 and parts[1] == "run":
        try:
            start(parts)
        except Exception as e:
            rid = int(parts[0])
            emit(b"%d err %s" % (rid, base64.b64encode(("berth runner: %r\n" % (e,)).encode())))
            emit(b"%d done 1 0" % rid)
for p in list(RUNS.values()):
    killgroup(p)
`;
