// Start Pyodide with the self-check's packages and expose `diagnostics.web.run`.
// Shared by worker.js (the usual way) and checker-thread.js (fallback on the main thread
// where module workers are missing).
//
// What it loads is named by the runtime folder's self-check-runtime.json (written at build
// time, generator/self_check/runtime.py), which the self-check page also carries inline with
// the lock's data (`lock_contents`): then neither is fetched and the downloads start at once.
//   stdlib       the standard library trimmed to what the self-check imports
//   full_stdlib  Pyodide's whole python_stdlib.zip, only fetched if the trimmed one falls short
//   lock         the lock file listing each wheel with its sha256; packages are loaded by
//                name through it, and the browser refuses a wheel that does not match
//   wheels_folder  where the wheels named in the lock are
//   packages     what to load by name (dependencies come through the lock)
//
// The wheels are pure Python: each is fetched with its sha256 as Subresource Integrity (the
// browser checks it before Python sees a byte), written into Pyodide's file system as it is and
// put on sys.path, where Python's zipimport imports from it. Pyodide's loadPackage would unpack
// them with Python's zipfile, shutil and tempfile, which the trimmed stdlib then need not carry.
//
// The build runs this same loader in Node (readWheels, installWheels: generator/self_check/
// stdlib_trace.mjs, which finds the standard-library modules the self-check imports), passing
// its own way to read a wheel, so what it traces is what the page loads. That is why this module
// imports nothing and touches no browser-only global at the top.

// The smallest valid WebAssembly module: magic number and version.
const EMPTY_WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
// Where the full standard library goes when it is needed (sys.path gets it last).
const FULL_STDLIB_PATH = "/lib/python_stdlib_full.zip";
// Where the wheels go, each imported from as it is (zipimport).
const WHEELS_PATH = "/lib/self-check-wheels";
// The trimmed stdlib's sitecustomize notes imports of modules it left out (see
// generator/self_check/sitecustomize.py); these read and act on that note.
const LEFT_OUT = `import sys
list(getattr(sys.modules.get("sitecustomize"), "missing", ()))`;
const ADD_FULL_STDLIB = `import sys
if "${FULL_STDLIB_PATH}" not in sys.path:
    sys.path.append("${FULL_STDLIB_PATH}")
# A left-out module inside a package the trimmed stdlib has (importlib.metadata, say) is looked
# for in the package's own folders: give each the same folder of the full stdlib too.
for _module in list(sys.modules.values()):
    _folders = getattr(_module, "__path__", None)
    for _folder in list(_folders or ()):
        if isinstance(_folder, str) and ".zip/" in _folder and not _folder.startswith("${FULL_STDLIB_PATH}"):
            _full = "${FULL_STDLIB_PATH}/" + _folder.split(".zip/", 1)[1]
            if _full not in _folders:
                _folders.append(_full)
getattr(sys.modules.get("sitecustomize"), "missing", []).clear()
# Modules of the packages that imported while something was missing may have kept a
# fallback or failed half-way: import them again.
for _name in [n for n in sys.modules if n.split(".")[0] in ("diagnostics", "ua_parser", "ua_parser_builtins")]:
    del sys.modules[_name]`;

// Wheels go on sys.path after the standard library and site-packages. New entries need no
// importlib.invalidate_caches(), which would import importlib.metadata (and zipfile, pathlib...).
const addWheels = (paths) => `import sys
sys.path.extend(p for p in ${JSON.stringify(paths)} if p not in sys.path)`;

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
  return checkManifest(await response.json(), url);
}

function checkManifest(manifest, where) {
  if (!manifest || !Array.isArray(manifest.packages) || !manifest.lock || !manifest.stdlib || !manifest.wheels_folder) {
    throw new CheckerError("load-error", `${where}: not a self-check runtime manifest`);
  }
  return manifest;
}

const canonical = (name) => name.toLowerCase().replace(/[-_.]+/g, "-");

/** The lock's entries for `names` and everything they depend on, dependencies first. */
export function resolvePackages(lock, names) {
  const packages = (lock && lock.packages) || {};
  const order = [];
  const visit = (name, wantedBy) => {
    const entry = packages[canonical(name)];
    if (!entry) throw new CheckerError("load-error", `${name}${wantedBy}: not in the self-check's lock file`);
    if (order.includes(entry)) return;
    for (const dependency of entry.depends || []) visit(dependency, ` (needed by ${entry.name})`);
    if (!order.includes(entry)) order.push(entry);
  };
  for (const name of names) visit(name, "");
  return order;
}

/**
 * The wheels of `names` and of everything they depend on (resolvePackages), all read at once by
 * `readWheel(entry)` (a promise of its bytes): the page fetches each with its sha256 as
 * Subresource Integrity, the build's tracer reads the file and checks its sha256. The first wheel
 * refused rejects the whole.
 *
 * @returns {Promise<{entry: object, data: Uint8Array}[]>}  dependencies first
 */
export function readWheels(lock, names, readWheel) {
  return Promise.all(resolvePackages(lock, names).map(async (entry) => ({ entry, data: await readWheel(entry) })));
}

/** Each wheel into Pyodide's file system as it is and on sys.path (zipimport); returns their paths. */
export function installWheels(pyodide, wheels) {
  pyodide.FS.mkdirTree(WHEELS_PATH);
  const paths = wheels.map(({ entry, data }) => {
    const where = `${WHEELS_PATH}/${entry.file_name}`;
    pyodide.FS.writeFile(where, data);
    return where;
  });
  pyodide.runPython(addWheels(paths));
  return paths;
}

/** The lock's hex sha256 as a Subresource Integrity value ("sha256-<base64>"). */
export function integrity(sha256) {
  if (!/^[0-9a-f]{64}$/i.test(sha256 || "")) throw new CheckerError("load-error", `not a sha256: ${sha256}`);
  const bytes = sha256.match(/../g).map((pair) => String.fromCharCode(parseInt(pair, 16)));
  return `sha256-${btoa(bytes.join(""))}`;
}

/**
 * Watch every download while the checker starts: `onActivity(inFlight)` is called when a fetch
 * starts or ends, and as its bytes arrive (at most every 250 ms), so the page can tell a download
 * that stopped (bytes stop while one is in flight) from a slow start (nothing in flight: Python
 * is starting). Each response is cloned and the clone read here as it arrives, whoever reads the
 * original and whenever. Returns a function that puts the browser's fetch back.
 */
export function watchDownloads(onActivity) {
  const original = globalThis.fetch;
  let inFlight = 0;
  let told = 0;
  const tell = (always) => {
    const now = performance.now();
    if (always || now - told >= 250) {
      told = now;
      onActivity(inFlight);
    }
  };
  const done = () => {
    inFlight -= 1;
    tell(true);
  };
  globalThis.fetch = async (...args) => {
    inFlight += 1;
    tell(true);
    let response;
    try {
      response = await original(...args);
    } catch (error) {
      done();
      throw error;
    }
    if (!response.body) {
      done();
      return response;
    }
    const reader = response.clone().body.getReader();
    (async () => {
      try {
        while (!(await reader.read()).done) tell(false);
      } catch {
        // the original's reader sees the same error
      } finally {
        done();
      }
    })();
    return response;
  };
  return () => {
    globalThis.fetch = original;
  };
}

/**
 * Load Pyodide from `runtimeURL` (the site's runtime folder, absolute, ending in
 * "/") with what its self-check-runtime.json names.
 *
 * @param {string} runtimeURL
 * @param {(stage: string) => void} onStage  called with "download", "start", "packages", "rules"
 * @param {(inFlight: number) => void} onDownload  download activity while starting (watchDownloads)
 * @param {object|null} inline  the manifest the page carries (with `lock_contents`), or null to fetch it
 * @returns {Promise<{run: (factsJSON: string, contextJSON: string) => Promise<string>, timings: object}>}
 */
export async function startChecker(runtimeURL, onStage = () => {}, onDownload = () => {}, inline = null) {
  checkWebAssembly();
  const unwatch = watchDownloads(onDownload);
  try {
    return await start(runtimeURL, onStage, inline);
  } finally {
    unwatch();
  }
}

async function start(runtimeURL, onStage, inline) {
  const t0 = performance.now();
  onStage("download");
  const [pyodideModule, manifest] = await Promise.all([
    import(new URL("pyodide.mjs", runtimeURL).href).catch((error) => {
      throw new CheckerError("load-error", `pyodide.mjs: ${error}`);
    }),
    inline ? checkManifest(inline, "the page's runtime manifest") : fetchManifest(new URL("self-check-runtime.json", runtimeURL).href),
  ]);
  const url = (name) => new URL(name, runtimeURL).href;
  let stdlib = manifest.stdlib === manifest.full_stdlib ? "full" : "trimmed";
  const problems = [];
  const carried = manifest.lock_contents;
  const lock = carried && typeof carried === "object" && carried.packages ? Promise.resolve(carried)
    : fetch(url(manifest.lock)).then(async (response) => {
      if (!response.ok) throw new CheckerError("load-error", `${manifest.lock}: HTTP ${response.status}`);
      return response.json();
    });
  // The wheels download while Pyodide does; the first one refused or missing ends the start at
  // once, with its name, instead of after Python has started.
  const fetchWheel = async (entry) => {
    const where = `${entry.name} (${manifest.wheels_folder}${entry.file_name})`;
    let response;
    try {
      response = await fetch(url(manifest.wheels_folder + entry.file_name), { integrity: integrity(entry.sha256) });
    } catch (error) {
      throw new CheckerError("load-error",
        `could not load ${where}: refused or not downloaded; it must match its sha256 in ${manifest.lock} (${error})`);
    }
    if (!response.ok) throw new CheckerError("load-error", `could not load ${where}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
  const wheels = lock.then((data) => readWheels(data, manifest.packages, fetchWheel));
  const wheelFailed = wheels.then(() => new Promise(() => {}));
  wheelFailed.catch(() => {});

  const boot = (stdLibURL) => pyodideModule.loadPyodide({
    indexURL: runtimeURL,
    stdLibURL,
    // Pyodide reads a lock file while it starts; ours spares it fetching its own.
    lockFileContents: lock,
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
    pyodide = await Promise.race([boot(url(manifest.stdlib)), wheelFailed]);
  } catch (error) {
    // Python itself did not start (it exits, or Pyodide's own modules fail to import): most likely
    // a module it needs was left out of the trimmed stdlib, so start again with all of it. A
    // broken lock file or runtime fails differently and is reported as it is.
    if (error instanceof CheckerError) throw error;
    const text = `${(error && error.message) || error}\n${problems.join("\n")}`;
    const pythonFailed = ["ExitStatus", "FatalPyodideError"].includes(error && error.name)
      || /Fatal Python error|No module named|Failed to import/.test(text);
    if (stdlib !== "trimmed" || !pythonFailed) {
      throw new CheckerError("load-error", `Pyodide did not start: ${text.slice(0, 500)}`);
    }
    stdlib = "full";
    problems.length = 0;
    pyodide = await Promise.race([boot(url(manifest.full_stdlib)), wheelFailed]);
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
  installWheels(pyodide, await wheels);

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
