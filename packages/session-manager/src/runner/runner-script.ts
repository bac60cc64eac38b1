/**
 * The code runner: a small Python program (standard library only, no `json`, so minimal Pythons work too)
 * started once per session container as `python3 -c <script> <delimiter> [<b64 startup env>]` over one `execStream`, whose stdin
 * and stdout then carry every `executeCode` run — no Engine round trip per run. Requests on stdin, one a line:
 * `<id> run <timeoutMs> <b64 path> <mode> <b64 stdin|!> <b64 argv, NUL-separated> <b64 env k=v, NUL-separated> <b64 code>`
 * (writes the code file, starts the interpreter in its own process group, feeds stdin and closes it) and
 * `<id> kill` (SIGKILL to the run's process group). Replies are framed like a context interpreter's
 * (`\n<delimiter><payload>\n`): `ready`, `<id> out|err <b64>` (at most 64 KiB of output each, live) and
 * `<id> done <exitCode> <timedOut 0|1>`. On timeout the run's whole process group is killed (exit 137).
 *
 * One thread, one `select` loop (stdin, every run's pipes, SIGCHLD through a wakeup pipe), so the runner can
 * `fork`: a run of `python3 <file>` is a fork of the runner when the run's startup env — its `PYTHON*`, `LANG` and
 * `LC_*` variables, which an interpreter applies when it starts — is exactly the runner's own (the third argument,
 * `k=v` NUL-separated in base64, none when absent; whoever starts the runner sets the same in its env, see
 * `CodeRunners`); any other run of `python3 <file>` is a fresh interpreter (fork and exec). A fork sets itself up
 * as that fresh interpreter would (stdio on the run's
 * pipes, own session, env, `sys.argv`, `sys.path[0]`, a new `__main__` with an absolute `__file__`) and executes
 * the file — no interpreter start per run. Uncaught exceptions print the same traceback (the runner's frame
 * left out) and exit 1 (130 for `KeyboardInterrupt`); `SystemExit`, `atexit` and buffered stdio behave as in
 * `python3 <file>`. Its exit is the teardown's user-visible part only (threads joined, `atexit`, `__main__`'s
 * globals dropped and cycles collected — files left open flush, `__del__` runs —, stdio flushed, `os._exit`): a
 * full teardown cost more CPU than the run. What differs: modules the runner imported (`binascii`, `select`,
 * `time`) are already in `sys.modules` (a runner whose `PYTHONPATH` holds a module of those names exits before its
 * `ready`, so such runs take a fresh interpreter), objects held only by other modules are not finalized at exit,
 * and every run shares the runner's string-hash seed (the same one a fixed `PYTHONHASHSEED` gives every fresh run).
 * Under `PYTHONSAFEPATH` no script directory is put in `sys.path`, as for a fresh run; the import system's path
 * finders are made anew for each run (a `PYTHONPATH` or site directory created after the runner started is
 * searched, as a fresh interpreter would). Every other command is forked and
 * `exec`ed (`<argv0>: <error>` and exit 127/126 when it cannot be).
 */
export const PYTHON_RUNNER_SCRIPT = String.raw`import os, sys
PP = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
OWN = [m for m in ("binascii", "select", "time") if m not in sys.builtin_module_names]
if PP and any(sys.modules["_frozen_importlib_external"].PathFinder.find_spec(m, PP) for m in OWN):
    sys.exit(3)  # a PYTHONPATH module would stand in for the runner's own: no warm runner for this env
import _signal as signal, binascii, select, time
DELIM = sys.argv[1].encode()
CHUNK = 65536
GRACE = 0.5
RUNS = {}


class Forked(BaseException):
    pass


class Run:
    def __init__(self, rid, pid, timeout_ms, stdin_fd, data, out_fd, err_fd):
        self.rid, self.pid, self.stdin_fd, self.data = rid, pid, stdin_fd, data
        self.deadline = time.monotonic() + timeout_ms / 1000.0
        self.fds = {out_fd: b"out", err_fd: b"err"}
        self.timed, self.status, self.exited = 0, None, 0.0


def emit(line):
    data = b"\n" + DELIM + line + b"\n"
    while data:
        data = data[os.write(1, data):]


def b64(b):
    return binascii.b2a_base64(b, newline=False)


def unb(s):
    return b"" if s == b"-" else binascii.a2b_base64(s)


def killgroup(pid):
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        pass


def close(fd):
    try:
        os.close(fd)
    except OSError:
        pass


def child(stdio):
    os.setsid()
    for i, fd in enumerate(stdio):
        os.dup2(fd, i)
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    try:
        fds = [int(f) for f in os.listdir("/proc/self/fd")]
    except OSError:
        fds = range(3, 1024)
    for fd in fds:
        if fd > 2:
            close(fd)


def startup_env(env):
    return {k: v for k, v in env.items() if k.startswith("PYTHON") or k.startswith("LC_") or k == "LANG"}


def unpack_env(raw):
    return dict(kv.split("=", 1) for kv in unb(raw).decode().split("\0") if "=" in kv)


WARM_ENV = unpack_env(sys.argv[2].encode()) if len(sys.argv) > 2 else {}


def warm(argv, path, env):
    return argv == ["python3", path] and startup_env(env) == WARM_ENV


def start(parts):
    rid, timeout_ms = int(parts[0]), int(parts[2])
    path = unb(parts[3]).decode()
    data = None if parts[5] == b"!" else unb(parts[5])
    argv = unb(parts[6]).decode().split("\0")
    env = unpack_env(parts[7])
    source = unb(parts[8])
    d = os.path.dirname(path)
    if d:
        os.makedirs(d, exist_ok=True)
    with open(path, "wb") as f:
        f.write(source)
    os.chmod(path, int(parts[4], 8))
    in_r, in_w = os.pipe()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    fast = warm(argv, path, env)
    pid = os.fork()
    if pid == 0:
        child((in_r, out_w, err_w))
        if fast:
            raise Forked(path, source, env)
        try:
            os.execvpe(argv[0], argv, dict(os.environ, **env))
        except OSError as e:
            os.write(2, ("%s: %s\n" % (argv[0], e.strerror)).encode())
            os._exit(127 if isinstance(e, FileNotFoundError) else 126)
    for fd in (in_r, out_w, err_w):
        close(fd)
    os.set_blocking(in_w, False)
    run = Run(rid, pid, timeout_ms, in_w, data or b"", out_r, err_r)
    if not data:
        close(in_w)
        run.stdin_fd = None
    RUNS[rid] = run


def fail(rid, e):
    emit(b"%d err %s" % (rid, b64(("berth runner: %r\n" % (e,)).encode())))
    emit(b"%d done 1 0" % rid)


def request(raw):
    parts = raw.split()
    if len(parts) >= 2 and parts[1] == b"kill":
        run = RUNS.get(int(parts[0]))
        if run is not None:
            killgroup(run.pid)
    elif len(parts) == 9 and parts[1] == b"run":
        try:
            start(parts)
        except Exception as e:
            fail(int(parts[0]), e)


def reap():
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        for run in RUNS.values():
            if run.pid == pid and run.status is None:
                code = os.waitstatus_to_exitcode(status)
                run.status, run.exited = (128 - code if code < 0 else code), time.monotonic()


def finish(run):
    for fd in list(run.fds) + ([run.stdin_fd] if run.stdin_fd is not None else []):
        close(fd)
    del RUNS[run.rid]
    emit(b"%d done %d %d" % (run.rid, run.status, run.timed))


def serve():
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_r, False)
    os.set_blocking(wake_w, False)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.set_wakeup_fd(wake_w)
    pending = b""
    emit(b"ready")
    while True:
        reap()
        now = time.monotonic()
        timeout = None
        for run in list(RUNS.values()):
            if run.status is None and not run.timed and now >= run.deadline:
                run.timed = 1
                killgroup(run.pid)
            if run.status is not None and (not run.fds or now >= run.exited + GRACE):
                finish(run)
                continue
            due = run.exited + GRACE if run.status is not None else None if run.timed else run.deadline
            if due is not None:
                timeout = max(0.0, due - now) if timeout is None else min(timeout, max(0.0, due - now))
        reads = [0, wake_r] + [fd for run in RUNS.values() for fd in run.fds]
        writes = [run.stdin_fd for run in RUNS.values() if run.stdin_fd is not None]
        readable, writable, _ = select.select(reads, writes, [], timeout)
        for run in list(RUNS.values()):
            for fd in [fd for fd in run.fds if fd in readable]:
                try:
                    b = os.read(fd, CHUNK)
                except OSError:
                    b = b""
                if b:
                    emit(b"%d %s %s" % (run.rid, run.fds[fd], b64(b)))
                else:
                    close(fd)
                    del run.fds[fd]
            if run.stdin_fd is not None and run.stdin_fd in writable:
                try:
                    run.data = run.data[os.write(run.stdin_fd, run.data[:CHUNK]):]
                except BlockingIOError:
                    pass
                except OSError:
                    run.data = b""
                if not run.data:
                    close(run.stdin_fd)
                    run.stdin_fd = None
        if wake_r in readable:
            try:
                while os.read(wake_r, 512):
                    pass
            except OSError:
                pass
        if 0 in readable:
            b = os.read(0, CHUNK)
            if not b:
                for run in RUNS.values():
                    killgroup(run.pid)
                return
            pending += b
            *lines, pending = pending.split(b"\n")
            for line in lines:
                request(line)


def leave(status, globals_):
    try:
        threading = sys.modules.get("threading")
        if threading is not None:
            threading._shutdown()
        import atexit
        atexit._run_exitfuncs()
    except BaseException:
        pass
    try:
        # as the interpreter's teardown: __main__'s globals dropped (files left open flush, __del__ runs), cycles too
        for k in [k for k in globals_ if k[:1] == "_" and k[:2] != "__"]:
            globals_[k] = None
        for k in [k for k in globals_ if k != "__builtins__"]:
            globals_[k] = None
        import gc
        gc.collect()
    except BaseException:
        pass
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            status = 120
    os._exit(status & 0xFF)


def exit_status(e):
    if e.code is None:
        return 0
    if isinstance(e.code, int):
        return e.code
    try:
        sys.stderr.write("%s\n" % (e.code,))
    except BaseException:
        pass
    return 1


def main(rel, source, env):
    os.environ.update(env)
    path = os.path.join(os.getcwd(), rel)
    sys.argv[:] = [rel]
    sys.path_importer_cache.clear()  # finders as of now, as a fresh start makes them (a directory made since is seen)
    if not getattr(sys.flags, "safe_path", False):
        sys.path[0] = os.path.dirname(path)  # -c put "" there; a script's directory goes there (not under -P)
    mod = type(sys)("__main__")
    mod.__dict__.update(__file__=path, __cached__=None, __annotations__={}, __builtins__=__builtins__)
    mod.__loader__ = sys.modules["_frozen_importlib_external"].SourceFileLoader("__main__", path)
    sys.modules["__main__"] = mod
    try:
        code = compile(source, path, "exec")
    except Exception as e:
        e.__traceback__ = None
        sys.excepthook(type(e), e, None)
        leave(1, mod.__dict__)
    try:
        exec(code, mod.__dict__)
        status = 0
    except SystemExit as e:
        status = exit_status(e)
    except BaseException as e:
        tb = e.__traceback__
        e.__traceback__ = None if tb is None else tb.tb_next  # the runner's own frame left out
        sys.excepthook(type(e), e, e.__traceback__)
        status = 130 if isinstance(e, KeyboardInterrupt) else 1
    leave(status, mod.__dict__)

try:
    job = serve()
except Forked as forked:
    job = forked.args  # a run's fork: out of the runner's frames before it runs the code
if job is not None:
    RUNS.clear()
    main(*job)
`;
