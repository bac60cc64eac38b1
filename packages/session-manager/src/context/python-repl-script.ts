/**
 * The Python interpreter behind a stateful context, written into the container and run as
 * `python3 -u <file> <delimiter>`. Requests on stdin (read by a thread, so an interrupt reaches a busy
 * interpreter): `<id> run <timeoutMs> <base64 code>` and `<id> interrupt` (SIGINT to the main thread →
 * `KeyboardInterrupt`, the globals kept). Code runs in one persistent globals dict; a trailing expression is
 * evaluated like a notebook cell and its `repr` is the run's `text`. Output goes out live as framed events
 * (see `parseContextEvent`); `display(obj)` sends a MIME bundle (`_repr_html_`, `_repr_png_`, PNG bytes,
 * `_repr_mimebundle_`), and open matplotlib figures (when matplotlib is imported) are sent as `image/png`
 * after each run and by `plt.show()` (from the run after the one that imported pyplot). `sys.exit(n)` (and
 * `exit()`) ends the run, not the interpreter, as in a notebook: exit code `n & 0xFF` as a process would give,
 * a non-integer code printed to stderr with exit code 1, the globals kept; `os._exit` does end the interpreter
 * (see `InterpreterContext`). Only `base64` framing, no `json`, so minimal Pythons work too.
 */
export const PYTHON_REPL_SCRIPT = String.raw`import ast, base64, io, linecache, os, queue, signal, sys, threading, traceback
DELIM = sys.argv[1]
OUT = sys.stdout
IN = sys.stdin
LOCK = threading.Lock()
MAIN = threading.main_thread().ident
TEXT_MAX = 256 * 1024
TB_MAX = 64 * 1024
BUNDLE_MAX = 8 * 1024 * 1024
PNG = b"\x89PNG\r\n\x1a\n"
os.environ.setdefault("MPLBACKEND", "Agg")
if len(sys.argv) > 2 and sys.argv[2]:
    os.chdir(sys.argv[2])
sys.path.insert(0, os.getcwd())


class State:
    rid = None
    armed = False


def b64(text):
    return base64.b64encode(text.encode("utf-8", "replace")).decode("ascii") or "-"


def clip(text, limit):
    return text if len(text) <= limit else text[:limit] + "\n\u2026 (truncated)"


def emit(line):
    with LOCK:
        OUT.write("\n" + DELIM + line + "\n")
        OUT.flush()


class Stream(io.TextIOBase):
    def __init__(self, kind, real):
        self.kind, self.real, self.buf, self.size = kind, real, [], 0

    def writable(self):
        return True

    @property
    def encoding(self):
        return "utf-8"

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError("write() argument must be str, not %s" % type(s).__name__)
        rid = State.rid
        if rid is None:
            self.real.write(s)
            return len(s)
        self.buf.append(s)
        self.size += len(s)
        if "\n" in s or self.size >= 4096:
            self.flush()
        return len(s)

    def flush(self):
        rid = State.rid
        if self.buf and rid is not None:
            data, self.buf, self.size = "".join(self.buf), [], 0
            emit("%s %s %s" % (rid, self.kind, b64(data)))


def bundle_of(obj):
    if isinstance(obj, dict) and obj and all(isinstance(k, str) and "/" in k for k in obj):
        out = {}
        for k, v in obj.items():
            out[k] = base64.b64encode(v).decode("ascii") if isinstance(v, (bytes, bytearray)) else str(v)
        return out
    if isinstance(obj, (bytes, bytearray)) and bytes(obj[:8]) == PNG:
        return {"image/png": base64.b64encode(bytes(obj)).decode("ascii"), "text/plain": "<PNG image, %d bytes>" % len(obj)}
    b = {}
    mb = getattr(obj, "_repr_mimebundle_", None)
    if callable(mb):
        try:
            got = mb()
            if isinstance(got, tuple):
                got = got[0]
            for k, v in (got or {}).items():
                b[k] = base64.b64encode(v).decode("ascii") if isinstance(v, (bytes, bytearray)) else str(v)
        except Exception:
            pass
    for mime, name in (("text/html", "_repr_html_"), ("image/png", "_repr_png_"), ("image/svg+xml", "_repr_svg_"), ("text/markdown", "_repr_markdown_")):
        f = getattr(obj, name, None)
        if mime in b or not callable(f):
            continue
        try:
            v = f()
        except Exception:
            continue
        if isinstance(v, tuple):
            v = v[0]
        if v is None:
            continue
        b[mime] = base64.b64encode(v).decode("ascii") if isinstance(v, (bytes, bytearray)) else str(v)
    if "text/plain" not in b:
        b["text/plain"] = repr(obj)
    return b


def rich(obj):
    return isinstance(obj, (bytes, bytearray)) and bytes(obj[:8]) == PNG or any(
        callable(getattr(obj, n, None)) for n in ("_repr_mimebundle_", "_repr_html_", "_repr_png_", "_repr_svg_", "_repr_markdown_"))


def send_bundle(b):
    rid = State.rid
    if rid is None:
        return
    size = sum(len(v) for v in b.values())
    if size > BUNDLE_MAX:
        b = {"text/plain": "<display output of %d characters dropped: over %d>" % (size, BUNDLE_MAX)}
    sys.stdout.flush()
    sys.stderr.flush()
    emit("%s display %s" % (rid, " ".join("%s=%s" % (k, b64(v)) for k, v in b.items() if " " not in k and "=" not in k)))


def display(*objs):
    """Shows each object as a rich output (a MIME bundle): _repr_html_, _repr_png_, PNG bytes, or a {mime: data} dict."""
    for obj in objs:
        send_bundle(bundle_of(obj))


def flush_figures():
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is None:
        return
    try:
        for num in list(plt.get_fignums()):
            fig = plt.figure(num)
            buf = io.BytesIO()
            fig.savefig(buf, format="png")
            send_bundle({"image/png": base64.b64encode(buf.getvalue()).decode("ascii"), "text/plain": "<Figure %s>" % num})
        plt.close("all")
    except Exception:
        traceback.print_exc()


def patch_show():
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None and getattr(plt.show, "__name__", "") != "berth_show":
        def berth_show(*args, **kwargs):
            flush_figures()
        plt.show = berth_show


G = {"__name__": "__main__", "__builtins__": __builtins__, "display": display}


def run(rid, code):
    name = "<cell-%s>" % rid
    linecache.cache[name] = (len(code), None, code.splitlines(True), name)
    tree = ast.parse(code, name, "exec")
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    exec(compile(tree, name, "exec"), G)
    if last is not None:
        return eval(compile(last, name, "eval"), G)
    return None


def on_sigint(signum, frame):
    if State.armed:
        raise KeyboardInterrupt()


def reader(q):
    while True:
        line = IN.readline()
        if not line:
            q.put(None)
            return
        parts = line.split()
        if len(parts) == 2 and parts[1] == "interrupt":
            with LOCK:
                if State.rid == parts[0] and State.armed:
                    signal.pthread_kill(MAIN, signal.SIGINT)
            continue
        if len(parts) == 4 and parts[1] == "run":
            q.put((parts[0], parts[3]))


def main():
    signal.signal(signal.SIGINT, on_sigint)
    sys.stdin = io.StringIO("")
    sys.stdout = Stream("out", OUT)
    sys.stderr = Stream("err", sys.__stderr__)
    q = queue.Queue()
    threading.Thread(target=reader, args=(q,), daemon=True).start()
    emit("ready %d" % os.getpid())
    while True:
        try:
            req = q.get()
        except KeyboardInterrupt:
            continue
        if req is None:
            break
        rid, payload = req
        source = base64.b64decode("" if payload == "-" else payload).decode("utf-8")
        code, text, err = 0, None, None
        State.rid = rid
        try:
            State.armed = True
            value = run(rid, source)
            State.armed = False
            if value is not None:
                G["_"] = value
                text = clip(repr(value), TEXT_MAX)
                if rich(value):
                    display(value)
        except SystemExit as ex:
            State.armed = False
            if ex.code is None:
                code = 0
            elif isinstance(ex.code, int):
                code = ex.code & 0xFF
            else:
                sys.stderr.write("%s\n" % (ex.code,))
                code = 1
        except BaseException as ex:
            State.armed = False
            tb = ex.__traceback__
            while tb is not None and not tb.tb_frame.f_code.co_filename.startswith("<cell-"):
                tb = tb.tb_next
            frames = [f for f in traceback.extract_tb(tb) if f.filename != __file__]
            head = "Traceback (most recent call last):\n" + "".join(traceback.format_list(frames)) if frames else ""
            formatted = head + "".join(traceback.format_exception_only(type(ex), ex))
            sys.stderr.write(formatted)
            err = (type(ex).__name__, clip(str(ex), TB_MAX), clip(formatted, TB_MAX))
            code = 130 if isinstance(ex, KeyboardInterrupt) else 1
        flush_figures()
        patch_show()
        sys.stdout.flush()
        sys.stderr.flush()
        with LOCK:
            State.rid = None
        fields = ["-" if text is None else b64(text)]
        fields += ["-", "-", "-"] if err is None else [b64(err[0]), b64(err[1]), b64(err[2])]
        emit("%s done %d %s" % (rid, code, " ".join(fields)))


main()
`;
