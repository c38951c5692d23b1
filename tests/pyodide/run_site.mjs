// Run the rules under real Pyodide in Node.js from a built site's runtime folder, loading what
// the page loads: the trimmed standard library, the packages by name through the lock file.
//
// Usage: node tests/pyodide/run_site.mjs RUNTIME_FOLDER < job.json > result.json
//   job.json:    {"cases": [{"name", "facts", "context"}]}   (facts and context: JSON strings)
//   result.json: {"stdlib": "trimmed", "loaded": [package names], "missing": [left-out modules
//                 something imported], "results": {name: report JSON string}}
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const folder = path.resolve(process.argv[2]);
const manifest = JSON.parse(readFileSync(path.join(folder, "self-check-runtime.json"), "utf-8"));
const job = JSON.parse(readFileSync(0, "utf-8"));
const { loadPyodide } = await import(pathToFileURL(path.join(folder, "pyodide.mjs")).href);

const errors = [];
const pyodide = await loadPyodide({
  indexURL: folder + path.sep,
  stdLibURL: path.join(folder, manifest.stdlib),
  lockFileContents: readFileSync(path.join(folder, manifest.lock), "utf-8"),
  packageBaseUrl: path.join(folder, manifest.wheels_folder) + path.sep,
  packages: manifest.packages,
  stdout: () => {},
  stderr: (line) => errors.push(line),
});
const web = pyodide.pyimport("diagnostics.web");
const results = {};
for (const { name, facts, context } of job.cases) results[name] = String(web.run(facts, context));
const missing = pyodide.runPython(`import sys
list(getattr(sys.modules.get("sitecustomize"), "missing", ["(no sitecustomize: not the trimmed stdlib)"]))`).toJs();
process.stdout.write(JSON.stringify({
  stdlib: manifest.stdlib,
  loaded: Object.keys(pyodide.loadedPackages),
  missing,
  errors,
  results,
}));
