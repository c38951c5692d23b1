// Find the standard-library modules the self-check needs, by running it under the real Pyodide.
//
// Run by generator/self_check/stdlib.py at build time (only when its cache misses):
//   node stdlib_trace.mjs < job.json > result.json
// job.json: {"pyodide_dir", "stdlib": the standard library to trace with (Pyodide's, with the page's
//              stand-ins in place), "loader": the page's runner.js, "lock": path of the self-check's
//              lock file, "wheels_dir": where its wheels are, "packages": [names], "module": "diagnostics.web",
//              "cases": [[facts, context], ...], "lazy_imports": {module: [names it imports inside
//              functions]}, "format": "bytecode" | "source"}
// result.json: {"python": "3.14.2", "stdlib": {member path: {"pyc", "py"} or {"as_is"}: base64 of
//               the forms it can be published in (see below)}, "wheels": {wheel file name: {member
//               path of each .py: base64 of its bytecode}} (format "bytecode" only),
//               "imported": [member paths], "after_startup": [member paths first imported by the
//               rules, after Python started and loaded the packages], "optional": [modules left
//               out because every import of them expects that they may be missing],
//               "optional_note": why none were left out, "reports": n, "timings": {...}}
//
// Pyodide starts, takes the packages with the page's own loader (runner.js's readWheels and
// installWheels: the packages by name through the lock file, each wheel checked against its
// sha256 there, on sys.path as it is; only reading a wheel is Node's own), imports the rules and
// runs every case, then
// imports each module the packages import lazily (inside functions), so a branch the cases did
// not reach still has its modules. Every module then in sys.modules that came from the
// standard-library zip is kept.
//
// Then a second run with the "optional" modules made unimportable: those that every module
// loaded so far imports only inside `try: ... except ImportError` (asyncio's ssl, the
// compressors shutil and zipfile probe for). If Python still starts and every case gives the
// same report, they and what only they imported are left out; if not, nothing is.
//
// The kept files, and the wheels' modules, are compiled to bytecode by this same Python (the one
// the page runs), or published as they are ("source").
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const job = JSON.parse(readFileSync(0, "utf-8"));
const pyodideDir = path.resolve(job.pyodide_dir);
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
// The page's loader: an ES module without imports, named .js; Node reads it as one from a data: URL
// without a warning about the missing package type.
const { installWheels, readWheels } = await import(
  `data:text/javascript;base64,${readFileSync(job.loader).toString("base64")}`
);
const lockText = readFileSync(job.lock, "utf-8");
// Where the page fetches a wheel with its sha256 as Subresource Integrity, here the file is read and checked.
const readWheel = async (entry) => {
  const data = readFileSync(path.join(job.wheels_dir, entry.file_name));
  if (createHash("sha256").update(data).digest("hex") !== entry.sha256) {
    throw new Error(`${entry.file_name}: its sha256 is not the one in ${job.lock}`);
  }
  return data;
};
const wheels = await readWheels(JSON.parse(lockText), job.packages, readWheel);

// Python that runs the self-check as the page does.
const TRACE = `
import importlib, json, sys
_job = json.loads(JOB)
_startup = set(sys.modules)
_rules = importlib.import_module(_job["module"])
_reports = [_rules.run(facts, context) for facts, context in _job["cases"]]
assert all(isinstance(json.loads(r), dict) and "status" in json.loads(r) for r in _reports), "a case gave no report"
_done = set()
while True:
    _todo = [(m, n) for m, names in _job["lazy_imports"].items() if m in sys.modules for n in names
             if (m, n) not in _done]
    if not _todo:
        break
    for _item in _todo:
        _done.add(_item)
        try:
            importlib.import_module(_item[1])
        except Exception:  # optional imports (re2, yaml...) are meant to fail in Pyodide
            pass
_stdlib = next(p for p in sys.path if p.endswith(".zip")) + "/"
# The trace's own sitecustomize (the blocker) is not the page's.
_members = sorted({
    m.__spec__.origin[len(_stdlib):]
    for n, m in list(sys.modules.items())
    if n != "sitecustomize" and getattr(m, "__spec__", None) is not None and (m.__spec__.origin or "").startswith(_stdlib)
})
_later = sorted(m.__spec__.origin[len(_stdlib):] for n, m in list(sys.modules.items())
                if n not in _startup and (getattr(m.__spec__, "origin", None) or "").startswith(_stdlib))
json.dumps({"members": _members, "after_startup": _later, "reports": _reports, "stdlib": _stdlib})
`;

// One run; the trace zip's sitecustomize makes the modules named in SELF_CHECK_TRACE_BLOCKED
// unimportable, from the very start of Python.
async function trace(blocked) {
  const errors = [];
  const pyodide = await loadPyodide({
    indexURL: pyodideDir + path.sep,
    stdLibURL: path.resolve(job.stdlib),
    lockFileContents: lockText,
    // Only the bytecode compiled below is affected: no column tables, as `python -X no_debug_ranges`.
    env: { PYTHONNODEBUGRANGES: "1", SELF_CHECK_TRACE_BLOCKED: blocked.join(",") },
    stdout: () => {},
    stderr: (line) => errors.push(line),
  });
  const paths = installWheels(pyodide, wheels);
  pyodide.globals.set("JOB", JSON.stringify(job));
  return { pyodide, paths, result: JSON.parse(pyodide.runPython(TRACE)), errors };
}

const t0 = performance.now();
const first = await trace([]);
const pyodide = first.pyodide;
const t1 = performance.now();

// Modules every loaded module (and every module of the wheels) imports only where a failed
// import is caught: candidates to leave out.
pyodide.globals.set("MEMBERS", JSON.stringify(first.result.members));
pyodide.globals.set("WHEELS", JSON.stringify(first.paths));
const optional = JSON.parse(pyodide.runPython(`
import ast, json, zipfile

def _module_name(member):
    parts = member.removesuffix(".py").split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)

def _catches_import_error(handler):
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(k, ast.Name) and k.id in ("ImportError", "ModuleNotFoundError") for k in kinds)

def _sites(tree, name, package):
    # (module name, guarded) for every import statement, with each parent package it imports too
    # (but not the importing module's own packages: those are imported already)
    guarded_nodes = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(_catches_import_error(h) for h in node.handlers):
            for statement in node.body:
                guarded_nodes.update(id(n) for n in ast.walk(statement))
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parts, base] if base else parts)
            names = [base] + [f"{base}.{alias.name}" for alias in node.names if alias.name != "*"]
        for imported in names:
            parts = imported.split(".")
            for i in range(1, len(parts) + 1):
                prefix = ".".join(parts[:i])
                if i == len(parts) or not (name == prefix or name.startswith(prefix + ".")):
                    yield prefix, id(node) in guarded_nodes

_loaded = {_module_name(m) for m in json.loads(MEMBERS)}
_seen, _unguarded = set(), set()
def _scan(source, member):
    name = _module_name(member)
    package = name if member.endswith("__init__.py") else name.rpartition(".")[0]
    try:
        tree = ast.parse(source, member)
    except SyntaxError:
        return
    for imported, guarded in _sites(tree, name, package):
        _seen.add(imported)
        if not guarded:
            _unguarded.add(imported)
with zipfile.ZipFile(_stdlib.rstrip("/")) as _zip:
    for _member in json.loads(MEMBERS):
        _scan(_zip.read(_member), _member)
for _wheel in json.loads(WHEELS):
    with zipfile.ZipFile(_wheel) as _zip:
        for _member in _zip.namelist():
            if _member.endswith(".py") and ".dist-info/" not in _member:
                _scan(_zip.read(_member), _member)
json.dumps(sorted(n for n in _loaded & _seen if n not in _unguarded))
`));

let trace2 = null;
let optionalNote = optional.length ? "" : "no module is imported only where its absence is expected";
if (optional.length) {
  try {
    trace2 = await trace(optional);
    const same = trace2.result.reports.length === first.result.reports.length
      && trace2.result.reports.every((report, i) => report === first.result.reports[i]);
    if (!same) {
      optionalNote = `without ${optional.join(", ")} a case gave another report: all kept`;
      trace2 = null;
    }
  } catch (error) {
    optionalNote = `without ${optional.join(", ")} the self-check did not run (${String(error).slice(0, 300)}): all kept`;
    trace2 = null;
  }
}
const kept = trace2 || first;
const t2 = performance.now();

// What can be published for each kept file, compiled by this Python (the one the page runs):
// "pyc", bytecode without docstrings, column tables and line numbers within a function (each
// instruction reports its function's first line); and "py", the same code as source without
// comments and docstrings (ast.unparse), given only when it parses back to the same syntax tree
// (so compiles to the same code, line numbers aside). generator/self_check/stdlib.py picks one per file. With format "source": the file
// as it is.
pyodide.globals.set("MEMBERS", JSON.stringify(kept.result.members));
pyodide.globals.set("BYTECODE", job.format === "bytecode");
const published = pyodide.runPython(`
import ast, base64, json, time, zipfile, importlib._bootstrap_external as _external

# Python's line table: entries of up to 8 code units; 0x80 | (13 << 3) | (units - 1) is "no
# columns, line delta" followed by the delta as a signed varint, here 0.
def _first_line_only(code):
    units, table = len(code.co_code) // 2, bytearray()
    while units > 0:
        table += bytes((0x80 | (13 << 3) | (min(units, 8) - 1), 0))
        units -= 8
    consts = tuple(_first_line_only(c) if isinstance(c, type(code)) else c for c in code.co_consts)
    return code.replace(co_linetable=bytes(table), co_consts=consts)

def _without_docstrings(data, name):
    tree = ast.parse(data, name)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                node.body = node.body[1:] or [ast.copy_location(ast.Pass(), first)]
    return tree

def _bytecode(tree, name):
    code = compile(tree, name, "exec", dont_inherit=True)
    return _external._code_to_timestamp_pyc(_first_line_only(code), 0, 0)

def _forms(data, name):
    tree = _without_docstrings(data, name)
    source = ast.unparse(tree) + "\\n"
    # The same syntax tree but for positions: the same code but for line numbers.
    exact = ast.dump(ast.parse(source, name)) == ast.dump(tree)
    return _bytecode(tree, name), source.encode() if exact else None

_out, _compile_ms = {}, {}
_b64 = lambda data: base64.b64encode(data).decode() if data is not None else None
with zipfile.ZipFile(_stdlib.rstrip("/")) as _zip:
    for _name in json.loads(MEMBERS):
        _data = _zip.read(_name)
        if BYTECODE and _name.endswith(".py"):
            _started = time.perf_counter()
            _pyc, _py = _forms(_data, _name)
            _out[_name] = {"pyc": _b64(_pyc), "py": _b64(_py)}
            _compile_ms[_name] = round((time.perf_counter() - _started) * 1000, 2)
        else:
            _out[_name] = {"as_is": _b64(_data)}
json.dumps({"files": _out, "compile_ms": _compile_ms})
`);
// The wheels' modules, compiled the same way (bytecode only): the page imports them from the
// wheels without compiling a line (generator/self_check/stdlib.py writes the compiled wheels).
pyodide.globals.set("WHEEL_FILES", JSON.stringify(job.format === "bytecode" ? wheels.map(({ entry }) => entry.file_name) : []));
const compiledWheels = JSON.parse(pyodide.runPython(`
_wheels = {}
for _file in json.loads(WHEEL_FILES):
    with zipfile.ZipFile("/lib/self-check-wheels/" + _file) as _zip:
        _wheels[_file] = {
            _name: _b64(_bytecode(_without_docstrings(_zip.read(_name), _name), _name))
            for _name in _zip.namelist()
            if _name.endswith(".py") and ".dist-info/" not in _name
        }
json.dumps(_wheels)
`));
const t3 = performance.now();
const { files, compile_ms } = JSON.parse(published);
process.stdout.write(JSON.stringify({
  python: pyodide.runPython("import sys; sys.version.split()[0]"),
  stdlib: files,
  wheels: compiledWheels,
  compile_ms,
  imported: kept.result.members,
  after_startup: kept.result.after_startup,
  optional: trace2 ? optional : [],
  optional_note: optionalNote,
  reports: kept.result.reports.length,
  timings: { trace_ms: Math.round(t1 - t0), optional_ms: Math.round(t2 - t1), compile_ms: Math.round(t3 - t2) },
}));
