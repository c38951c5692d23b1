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
// The page's own runner.js takes the packages (an ES module without imports, named .js: Node
// reads it as one from a data: URL without a warning about the missing package type); only
// reading a wheel is Node's own, where the browser checks the sha256 as Subresource Integrity.
const runner = readFileSync(new URL("../../theme/assets/hc/self-check/runner.js", import.meta.url));
const { installWheels, readWheels } = await import(`data:text/javascript;base64,${runner.toString("base64")}`);
const wheels = await readWheels(JSON.parse(lockText), manifest.packages, async (entry) => {
  const data = readFileSync(path.join(folder, manifest.wheels_folder, entry.file_name));
  if (createHash("sha256").update(data).digest("hex") !== entry.sha256) throw new Error(`${entry.file_name}: sha256 differs`);
  return data;
});

const errors = [];
const pyodide = await loadPyodide({
  indexURL: folder + path.sep,
  stdLibURL: path.join(folder, manifest.stdlib),
  lockFileContents: lockText,
  stdout: () => {},
  stderr: (line) => errors.push(line),
});
const paths = installWheels(pyodide, wheels);
const web = pyodide.pyimport("diagnostics.web");
const results = {};
for (const { name, facts, context } of job.cases) results[name] = String(web.run(facts, context));
const missing = pyodide.runPython(`import sys
list(getattr(sys.modules.get("sitecustomize"), "missing", ["(no sitecustomize: not the trimmed stdlib)"]))`).toJs();
process.stdout.write(JSON.stringify({
  stdlib: manifest.stdlib,
  // The lock's packages whose wheel Python imports from.
  loaded: wheels.filter((_, i) => pyodide.runPython(`import sys
${JSON.stringify(paths[i])} in sys.path`)).map(({ entry }) => entry.name),
  missing,
  errors,
  results,
}));
