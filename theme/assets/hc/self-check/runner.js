// Start Pyodide with the self-check's packages and expose `diagnostics.web.run`.
// Shared by worker.js (the usual way) and engine.js (fallback on the main thread
// where module workers are missing).
//
// What it loads is named by the runtime folder's self-check-runtime.json (written at build
// time, generator/runtime.py):
//   stdlib       the standard library trimmed to what the self-check imports
//   full_stdlib  Pyodide's whole python_stdlib.zip, only fetched if the trimmed one falls short
//   lock         the lock file listing each wheel with its sha256; packages are loaded by
//                name through it, and the browser refuses a wheel that does not match
//   wheels_folder  where the wheels named in the lock are
//   packages     what to load by name (dependencies come through the lock)

// The smallest valid WebAssembly module: magic number and version.
const EMPTY_WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
// Where the full standard library goes when it is needed (sys.path gets it last).
const FULL_STDLIB_PATH = "/lib/python_stdlib_full.zip";
// The trimmed stdlib's sitecustomize notes imports of modules it left out (see
// generator/self_check_sitecustomize.py); these read and act on that note.
const LEFT_OUT = `import sys
list(getattr(sys.modules.get("sitecustomize"), "missing", ()))`;
const ADD_FULL_STDLIB = `import importlib, sys
if "${FULL_STDLIB_PATH}" not in sys.path:
    sys.path.append("${FULL_STDLIB_PATH}")
importlib.invalidate_caches()
getattr(sys.modules.get("sitecustomize"), "missing", []).clear()
# Modules of the packages that imported while something was missing may have kept a
# fallback or failed half-way: import them again.
for _name in [n for n in sys.modules if n.split(".")[0] in ("diagnostics", "ua_parser", "ua_parser_builtins")]:
    del sys.modules[_name]`;

/** A reason the check cannot run, with a code the page turns into plain words. */
export class CheckerError extends Error {
  constructor(reason, detail) {
    super(`${reason}: ${detail}`);
    this.name = "CheckerError";
    this.reason = reason;
    this.detail = String(detail);
  }
}

/** Plain data for postMessage: {reason, detail}. */
export function describeError(error) {
  if (error instanceof CheckerError) return { reason: error.reason, detail: error.detail };
  return { reason: "load-error", detail: String((error && error.message) || error) };
}

// Without WebAssembly, or with a security policy that forbids compiling it,
// loadPyodide never settles; find out at once instead.
function checkWebAssembly() {
  if (typeof WebAssembly !== "object" || typeof WebAssembly.Module !== "function") {
    throw new CheckerError("no-webassembly", "this browser has no WebAssembly");
  }
  try {
    new WebAssembly.Module(EMPTY_WASM);
  } catch (error) {
    throw new CheckerError("wasm-blocked", String((error && error.message) || error));
  }
}

async function fetchManifest(url) {
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new CheckerError("load-error", `${url}: ${error}`);
  }
  if (!response.ok) throw new CheckerError("load-error", `${url}: HTTP ${response.status}`);
  const manifest = await response.json();
  if (!manifest || !Array.isArray(manifest.packages) || !manifest.lock || !manifest.stdlib || !manifest.wheels_folder) {
    throw new CheckerError("load-error", `${url}: not a self-check runtime manifest`);
  }
  return manifest;
}

const canonical = (name) => name.toLowerCase().replace(/[-_.]+/g, "-");

/**
 * Load Pyodide from `runtimeURL` (the site's runtime folder, absolute, ending in
 * "/") with what its self-check-runtime.json names.
 *
 * @param {string} runtimeURL
 * @param {(stage: string) => void} onStage  called with "download", "start", "packages", "rules"
 * @returns {Promise<{run: (factsJSON: string, contextJSON: string) => Promise<string>, timings: object}>}
 */
export async function startChecker(runtimeURL, onStage = () => {}) {
  const t0 = performance.now();
  checkWebAssembly();
  onStage("download");
  const [pyodideModule, manifest] = await Promise.all([
    import(new URL("pyodide.mjs", runtimeURL).href).catch((error) => {
      throw new CheckerError("load-error", `pyodide.mjs: ${error}`);
    }),
    fetchManifest(new URL("self-check-runtime.json", runtimeURL).href),
  ]);
  const url = (name) => new URL(name, runtimeURL).href;
  let stdlib = manifest.stdlib === manifest.full_stdlib ? "full" : "trimmed";
  const problems = [];
  // Read here (not by Pyodide from a URL) so that every package it lists can be checked below.
  const lock = fetch(url(manifest.lock)).then(async (response) => {
    if (!response.ok) throw new CheckerError("load-error", `${manifest.lock}: HTTP ${response.status}`);
    return response.json();
  });

  const boot = (stdLibURL) => pyodideModule.loadPyodide({
    indexURL: runtimeURL,
    stdLibURL,
    lockFileContents: lock,
    packageBaseUrl: url(manifest.wheels_folder),
    // Fetched while Python starts, each checked against its sha256 in the lock file: a wheel
    // that does not match is refused by the browser.
    packages: manifest.packages,
    // Python's own prints would land in the console; the rules print nothing.
    stdout: () => {},
    stderr: (line) => {
      problems.push(line);
      console.warn("self-check python:", line);
    },
  });

  onStage("start");
  let pyodide;
  try {
    pyodide = await boot(url(manifest.stdlib));
  } catch (error) {
    // Python itself did not start (it exits, or Pyodide's own modules fail to import): most likely
    // a module it needs was left out of the trimmed stdlib, so start again with all of it. A
    // broken lock file or runtime fails differently and is reported as it is.
    const text = `${(error && error.message) || error}\n${problems.join("\n")}`;
    const pythonFailed = ["ExitStatus", "FatalPyodideError"].includes(error && error.name)
      || /Fatal Python error|No module named|Failed to import/.test(text);
    if (stdlib !== "trimmed" || !pythonFailed) {
      throw new CheckerError("load-error", `Pyodide did not start: ${text.slice(0, 500)}`);
    }
    stdlib = "full";
    problems.length = 0;
    pyodide = await boot(url(manifest.full_stdlib));
  }
  const t1 = performance.now();

  // Whether something imported a module the trimmed stdlib left out; if so, add the full one.
  const fillGaps = async () => {
    if (stdlib !== "trimmed") return false;
    const noted = pyodide.runPython(LEFT_OUT);
    const missing = noted.toJs();
    noted.destroy();
    if (!missing.length) return false;
    console.warn(`self-check: not in the trimmed standard library: ${missing.join(", ")}; loading the full one`);
    let response;
    try {
      response = await fetch(url(manifest.full_stdlib));
    } catch (error) {
      throw new CheckerError("load-error", `${manifest.full_stdlib}: ${error}`);
    }
    if (!response.ok) throw new CheckerError("load-error", `${manifest.full_stdlib}: HTTP ${response.status}`);
    pyodide.FS.writeFile(FULL_STDLIB_PATH, new Uint8Array(await response.arrayBuffer()));
    pyodide.runPython(ADD_FULL_STDLIB);
    stdlib = `full (missing ${missing.join(", ")})`;
    return true;
  };

  onStage("packages");
  // The requested packages and everything they depend on: all of the lock's packages.
  const locked = Object.values((await lock).packages || {}).map((entry) => entry.name);
  const notLoaded = () => locked.filter(
    (name) => !Object.keys(pyodide.loadedPackages).map(canonical).includes(canonical(name)));
  if (notLoaded().length && await fillGaps()) {
    await pyodide.loadPackage(notLoaded(), {
      messageCallback: () => {}, errorCallback: (message) => problems.push(message),
    });
  }
  if (notLoaded().length) {
    throw new CheckerError("load-error", `could not load ${notLoaded().join(", ")}: ${problems.join(" ").slice(0, 500)}`);
  }

  onStage("rules");
  const importRules = () => pyodide.pyimport("diagnostics.web");
  let web;
  try {
    web = importRules();
  } catch (error) {
    if (!(await fillGaps())) throw new CheckerError("load-error", `diagnostics.web: ${error}`);
    web = importRules();
  }
  const t2 = performance.now();

  // The rules never raise (they report "unknown" instead), so a left-out module shows only in
  // the note: run again with the full stdlib when one was missed.
  const run = async (factsJSON, contextJSON) => {
    const report = String(web.run(factsJSON, contextJSON));
    if (!(await fillGaps())) return report;
    web = importRules();
    return String(web.run(factsJSON, contextJSON));
  };
  return {
    run,
    get timings() {
      return { boot_ms: Math.round(t1 - t0), packages_ms: Math.round(t2 - t1), stdlib };
    },
  };
}
