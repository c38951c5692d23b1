// Run `diagnostics.web.run` under real Pyodide in Node.js, as the page does in a browser.
//
// Usage: node tests/pyodide/run.mjs PYODIDE_DIR < job.json > result.json
//   job.json:    {"wheels": ["/abs/path.whl", ...], "cases": [{"name", "facts", "context"}]}
//                (facts and context are JSON strings, exactly what the page posts)
//   result.json: {"version", "boot_ms", "packages_ms", "results": {name: {report, ms}}}
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const pyodideDir = path.resolve(process.argv[2] || "node_modules/pyodide");
const job = JSON.parse(readFileSync(0, "utf-8"));
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);

const t0 = performance.now();
const pyodide = await loadPyodide({ indexURL: pyodideDir + path.sep, stdout: () => {}, stderr: (line) => process.stderr.write(line + "\n") });
const t1 = performance.now();
const problems = [];
await pyodide.loadPackage(job.wheels, { messageCallback: () => {}, errorCallback: (m) => problems.push(m) });
if (problems.length) throw new Error(`loadPackage: ${problems.join("; ")}`);
const web = pyodide.pyimport("diagnostics.web");
const t2 = performance.now();

const results = {};
for (const { name, facts, context } of job.cases) {
  const start = performance.now();
  const report = JSON.parse(web.run(facts, context));
  results[name] = { report, ms: Math.round(performance.now() - start) };
}
process.stdout.write(JSON.stringify({
  version: pyodide.version,
  boot_ms: Math.round(t1 - t0),
  packages_ms: Math.round(t2 - t1),
  results,
}));
