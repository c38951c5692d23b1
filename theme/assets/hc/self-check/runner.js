// Start Pyodide with the self-check wheels and expose `diagnostics.web.run`.
// Shared by worker.js (the usual way) and page.js (fallback on the main thread
// where module workers are missing).

// The smallest valid WebAssembly module: magic number and version.
const EMPTY_WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

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
  if (!manifest || !Array.isArray(manifest.wheels)) {
    throw new CheckerError("load-error", `${url}: no wheel list`);
  }
  return manifest;
}

/**
 * Load Pyodide from `runtimeURL` (the site's pyodide/ folder, absolute, ending
 * in "/") and the wheels its self-check-runtime.json lists.
 *
 * @param {string} runtimeURL
 * @param {(stage: string) => void} onStage  called with "download", "start", "packages", "rules"
 * @returns {Promise<{run: (factsJSON: string, contextJSON: string) => string, timings: object}>}
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
  onStage("start");
  const pyodide = await pyodideModule.loadPyodide({
    indexURL: runtimeURL,
    // Python's own prints would land in the console; the rules print nothing.
    stdout: () => {},
    stderr: (line) => console.warn("self-check python:", line),
  });
  const t1 = performance.now();
  onStage("packages");
  const problems = [];
  await pyodide.loadPackage(
    manifest.wheels.map((wheel) => new URL(wheel, runtimeURL).href),
    { messageCallback: () => {}, errorCallback: (message) => problems.push(message) },
  );
  if (problems.length) throw new CheckerError("load-error", problems.join("; "));
  onStage("rules");
  let web;
  try {
    web = pyodide.pyimport("diagnostics.web");
  } catch (error) {
    throw new CheckerError("load-error", `diagnostics.web: ${error}`);
  }
  const t2 = performance.now();
  return {
    run: (factsJSON, contextJSON) => String(web.run(factsJSON, contextJSON)),
    timings: { boot_ms: Math.round(t1 - t0), packages_ms: Math.round(t2 - t1) },
  };
}
