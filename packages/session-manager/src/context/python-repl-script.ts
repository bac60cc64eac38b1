/**
 * The Python interpreter behind a stateful context, written into the container and run as
 * `python3 <file> <delimiter>`. Protocol (base64 framing, because minimal Pythons lack `json`): one request per
 * stdin line `<id> <base64 code>`; the code runs in one persistent globals dict with stdout/stderr captured;
 * if the last statement is an expression its `repr` is printed (like a notebook cell). Each reply is one
 * stdout line `<delimiter><id> <exitCode> <base64 stdout> <base64 stderr>`; `<delimiter>ready` is written at start.
 */
export const PYTHON_REPL_SCRIPT = String.raw`import ast, base64, contextlib, io, sys, traceback
DELIM = sys.argv[1]
OUT = sys.stdout
G = {"__name__": "__main__", "__builtins__": __builtins__}

def b64(text):
    return base64.b64encode(text.encode("utf-8", "replace")).decode("ascii") or "-"

def reply(line):
    OUT.write("\n" + DELIM + line + "\n")
    OUT.flush()

def run(code):
    tree = ast.parse(code, "<context>", "exec")
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    exec(compile(tree, "<context>", "exec"), G)
    if last is not None:
        value = eval(compile(last, "<context>", "eval"), G)
        if value is not None:
            print(repr(value))

reply("ready")
while True:
    line = sys.stdin.readline()
    if not line:
        break
    if not line.strip():
        continue
    rid, _, payload = line.strip().partition(" ")
    source = base64.b64decode(payload).decode("utf-8")
    o, e = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(o), contextlib.redirect_stderr(e):
        try:
            run(source)
        except SystemExit as ex:
            code = ex.code if isinstance(ex.code, int) else (0 if ex.code is None else 1)
        except BaseException:
            traceback.print_exc()
            code = 1
    reply("%s %d %s %s" % (rid, code, b64(o.getvalue()), b64(e.getvalue())))
`;
