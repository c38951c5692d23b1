// Run the rules under real Pyodide in Node.js from a built site's runtime folder, loading what
// the page loads, the way it does: the trimmed standard library; the packages by name through the
// lock file, each wheel checked against its sha256 and imported from as it is (zipimport).
//
// Usage: node tests/pyodide/run_site.mjs RUNTIME_FOLDER < job.json > result.json
//   job.json:    {"cases": [{"name", "facts", "context"}]}   (facts and context: JSON strings)
//   result.json: {"stdlib": "trimmed", "loaded": [package names], "missing": [left-out modules
//                 something imported], "results": {name: report JSON string}}
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const folder = path.resolve(process.argv[2]);
const manifest = JSON.parse(readFileSync(path.join(folder, "self-check-runtime.json"), "utf-8"));
const job = JSON.parse(readFileSync(0, "utf-8"));
const { loadPyodide } = await import(pathToFileURL(path.join(folder, "pyodide.mjs")).href);

const lockText = readFileSync(path.join(folder, manifest.lock), "utf-8");
// The page's own runner.js resolves the packages (an ES module without imports, named .js: Node
// reads it as one from a data: URL without a warning about the missing package type).
const runner = readFileSync(new URL("../../theme/assets/hc/self-check/runner.js", import.meta.url));
const { resolvePackages } = await import(`data:text/javascript;base64,${runner.toString("base64")}`);
const wheels = resolvePackages(JSON.parse(lockText), manifest.packages).map((entry) => {
  const data = readFileSync(path.join(folder, manifest.wheels_folder, entry.file_name));
  if (createHash("sha256").update(data).digest("hex") !== entry.sha256) throw new Error(`${entry.file_name}: sha256 differs`);
  return { entry, data };
});

const errors = [];
const pyodide = await loadPyodide({
  indexURL: folder + path.sep,
  stdLibURL: path.join(folder, manifest.stdlib),
  lockFileContents: lockText,
  stdout: () => {},
  stderr: (line) => errors.push(line),
});
pyodide.FS.mkdirTree("/lib/self-check-wheels");
for (const { entry, data } of wheels) pyodide.FS.writeFile(`/lib/self-check-wheels/${entry.file_name}`, data);
pyodide.runPython(`import sys
sys.path.extend(${JSON.stringify(wheels.map(({ entry }) => `/lib/self-check-wheels/${entry.file_name}`))})`);
const web = pyodide.pyimport("diagnostics.web");
const results = {};
for (const { name, facts, context } of job.cases) results[name] = String(web.run(facts, context));
const missing = pyodide.runPython(`import sys
list(getattr(sys.modules.get("sitecustomize"), "missing", ["(no sitecustomize: not the trimmed stdlib)"]))`).toJs();
process.stdout.write(JSON.stringify({
  stdlib: manifest.stdlib,
  // The lock's packages whose wheel Python imports from.
  loaded: wheels.filter(({ entry }) => pyodide.runPython(`import sys
"/lib/self-check-wheels/${entry.file_name}" in sys.path`)).map(({ entry }) => entry.name),
  missing,
  errors,
  results,
}));
