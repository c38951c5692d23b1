// Find the standard-library modules the self-check needs, by running it under the real Pyodide.
//
// Run by generator/self_check_stdlib.py at build time (only when its cache misses):
//   node self_check_stdlib.mjs < job.json > result.json
// job.json: {"pyodide_dir", "lock": path of the self-check's lock file, "wheels_dir": where its wheels are,
//            "packages": [names], "module": "diagnostics.web", "cases": [[facts, context], ...],
//            "lazy_imports": {module: [names it imports inside functions]},
//            "format": "bytecode" | "source"}
// result.json: {"python": "3.14.2", "stdlib": {member path: base64 of what to publish},
//               "imported": [member paths], "after_startup": [member paths first imported by the
//               rules, after Python started and loaded the packages], "reports": n, "timings": {...}}
//
// Pyodide starts with its full python_stdlib.zip, loads the packages by name through the same
// lock file the page uses, imports the rules and runs every case, then imports each module the
// loaded packages import lazily (inside functions), so a branch the cases did not reach still
// has its modules. Every module then in sys.modules that came from the standard-library zip is
// kept, compiled to bytecode by this same Python (the one the page runs), or as it is ("source").
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const job = JSON.parse(readFileSync(0, "utf-8"));
const pyodideDir = path.resolve(job.pyodide_dir);
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);

const errors = [];
const t0 = performance.now();
const pyodide = await loadPyodide({
  indexURL: pyodideDir + path.sep,
  lockFileContents: readFileSync(job.lock, "utf-8"),
  packageBaseUrl: path.resolve(job.wheels_dir) + path.sep,
  packages: job.packages,
  // Only the bytecode below is affected: no column tables, as `python -X no_debug_ranges`.
  env: { PYTHONNODEBUGRANGES: "1" },
  stdout: () => {},
  stderr: (line) => errors.push(line),
});
const t1 = performance.now();
const loaded = Object.keys(pyodide.loadedPackages).map((name) => name.toLowerCase().replace(/[-_.]+/g, "-"));
const notLoaded = job.packages.filter((name) => !loaded.includes(name));
if (notLoaded.length) {
  process.stderr.write(`packages not loaded: ${notLoaded.join(", ")}\n${errors.join("\n")}\n`);
  process.exit(2);
}

// Only modules that start-up has already imported are used here (sys, importlib, json), so
// the trace sees what the rules import, not what tracing imports.
pyodide.globals.set("JOB", JSON.stringify(job));
const imported = pyodide.runPython(`
import importlib, json, sys
_job = json.loads(JOB)
_startup = set(sys.modules)
_rules = importlib.import_module(_job["module"])
_reports = [json.loads(_rules.run(facts, context)) for facts, context in _job["cases"]]
assert all(isinstance(r, dict) and "status" in r for r in _reports), "a case gave no report"
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
_members = sorted({
    m.__spec__.origin[len(_stdlib):]
    for m in list(sys.modules.values())
    if getattr(m, "__spec__", None) is not None and (m.__spec__.origin or "").startswith(_stdlib)
})
_later = sorted(m.__spec__.origin[len(_stdlib):] for n, m in list(sys.modules.items())
                if n not in _startup and (getattr(m.__spec__, "origin", None) or "").startswith(_stdlib))
json.dumps({"members": _members, "after_startup": _later, "reports": len(_reports), "stdlib": _stdlib})
`);
const trace = JSON.parse(imported);
const t2 = performance.now();

// What to publish for each kept file: bytecode compiled by this Python (the one the page runs)
// without docstrings and column tables, so the page's Python does not compile anything of the
// standard library while it starts; or, as "source", the file as it is.
pyodide.globals.set("MEMBERS", JSON.stringify(trace.members));
pyodide.globals.set("BYTECODE", job.format === "bytecode");
const published = pyodide.runPython(`
import ast, base64, json, time, zipfile, importlib._bootstrap_external as _external

def _bytecode(data, name):
    tree = ast.parse(data, name)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                node.body = node.body[1:] or [ast.copy_location(ast.Pass(), first)]
    return _external._code_to_timestamp_pyc(compile(tree, name, "exec", dont_inherit=True), 0, 0)

_out, _compile_ms = {}, {}
with zipfile.ZipFile(_stdlib.rstrip("/")) as _zip:
    for _name in json.loads(MEMBERS):
        _data = _zip.read(_name)
        if BYTECODE and _name.endswith(".py"):
            _started = time.perf_counter()
            _out[_name[:-3] + ".pyc"] = _bytecode(_data, _name)
            _compile_ms[_name] = round((time.perf_counter() - _started) * 1000, 2)
        else:
            _out[_name] = _data
json.dumps({"files": {name: base64.b64encode(data).decode() for name, data in _out.items()}, "compile_ms": _compile_ms})
`);
const t3 = performance.now();
process.stdout.write(JSON.stringify({
  python: pyodide.runPython("import sys; sys.version.split()[0]"),
  stdlib: JSON.parse(published).files,
  compile_ms: JSON.parse(published).compile_ms,
  imported: trace.members,
  after_startup: trace.after_startup,
  reports: trace.reports,
  timings: { boot_ms: Math.round(t1 - t0), trace_ms: Math.round(t2 - t1), compile_ms: Math.round(t3 - t2) },
}));
