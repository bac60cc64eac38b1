/**
 * The Python interpreter behind a stateful context, written into the container and run as
 * `python3 <file> <delimiter>`. Protocol: one JSON request per stdin line `{"id": n, "code": "..."}`; the code
 * runs in one persistent globals dict with stdout/stderr captured; if the last statement is an expression
 * its `repr` is printed (like a notebook cell). Each reply is one stdout line: `<delimiter>{"id", "exitCode",
 * "stdout", "stderr"}`. A `<delimiter>{"ready": true}` line is written at start.
 */
export const PYTHON_REPL_SCRIPT = String.raw`import ast, contextlib, io, json, sys, traceback
DELIM = sys.argv[1]
OUT = sys.stdout
G = {"__name__": "__main__", "__builtins__": __builtins__}

def reply(obj):
    OUT.write("\n" + DELIM + json.dumps(obj) + "\n")
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

reply({"ready": True})
while True:
    line = sys.stdin.readline()
    if not line:
        break
    if not line.strip():
        continue
    req = json.loads(line)
    o, e = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(o), contextlib.redirect_stderr(e):
        try:
            run(req["code"])
        except SystemExit as ex:
            code = ex.code if isinstance(ex.code, int) else (0 if ex.code is None else 1)
        except BaseException:
            traceback.print_exc()
            code = 1
    reply({"id": req["id"], "exitCode": code, "stdout": o.getvalue(), "stderr": e.getvalue()})
`;
