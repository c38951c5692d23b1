// Where the diagnostics run: a module worker when the browser has them, else the
// page's own thread. Either way the page gets the same small interface.

import { CheckerError, describeError, startChecker } from "./runner.js";

/**
 * @typedef {object} Engine
 * @property {"worker"|"main-thread"} mode
 * @property {boolean} moduleWorker   whether this browser started a module worker
 * @property {Promise<object>} ready  resolves with timings; rejects with {reason, detail}
 * @property {(facts: string, context: string) => Promise<string>} run  the report as JSON; rejects
 *   with a CheckerError ("run-timeout", "worker-died") when no answer comes within the run time-out
 * @property {(stage: string) => void} onStage  set by the page
 * @property {() => void} [stop]  ends the worker
 */

// Fallback: load on the page's thread. It cannot be stopped, but the page still
// gives up waiting after the timeout (or a stalled download).
function runOnMainThread(runtimeURL, engine, settled, watch, manifest) {
  engine.mode = "main-thread";
  watch.heard();  // no worker to wait for
  const checker = startChecker(runtimeURL, (stage) => engine.onStage(stage), (inFlight) => watch.download(inFlight), manifest);
  checker.then((c) => settled.resolve(c.timings), (error) => settled.reject(describeError(error)));
  engine.run = async (facts, context) => (await checker).run(facts, context);
}

// A run that never answers (a worker killed by the browser, out of memory, or stuck) must
// still end: reject after `runTimeoutMs`.
function bounded(promise, runTimeoutMs, onTimeout) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout();
      reject(new CheckerError("run-timeout", `no answer after ${Math.round(runTimeoutMs / 1000)} s`));
    }, runTimeoutMs);
    promise.then(
      (value) => { clearTimeout(timer); resolve(value); },
      (error) => { clearTimeout(timer); reject(error); },
    );
  });
}

// Two ways a start hangs that need not wait for the whole load time-out: a download that stopped
// (no byte for `stallMs` while one is in flight: a dead connection, a proxy holding the file) and
// a worker that never says a word within `silenceMs` (its script never arrived or never ran; it
// says "alive" first thing, worker.js). Once it has spoken, a long silence is Python starting,
// which may hold its thread for seconds on a slow phone: the load time-out bounds that.
function startWatch(settled, stallMs, silenceMs) {
  let stall = null;
  let silence = null;
  let stopped = false;
  const seconds = (ms) => Math.round(ms / 1000);
  const stalled = () => settled.reject({ reason: "stalled", detail: `no data for ${seconds(stallMs)} s while downloading the checker` });
  const silent = () => settled.reject({ reason: "worker-silent", detail: `no word from the checker for ${seconds(silenceMs)} s` });
  return {
    download(inFlight) {
      clearTimeout(stall);
      stall = inFlight > 0 && !stopped ? setTimeout(stalled, stallMs) : null;
    },
    waitForWord() {
      silence = setTimeout(silent, silenceMs);
    },
    heard() {
      clearTimeout(silence);
      silence = null;
    },
    stop() {
      stopped = true;
      clearTimeout(stall);
      clearTimeout(silence);
    },
  };
}

/**
 * Start loading the checker at once. `timeoutMs` bounds the wait for `ready`: a
 * runtime that never settles (a security policy forbidding WebAssembly, a start that
 * never ends) becomes the "timeout" reason instead of a spinner forever; sooner, a
 * download with no byte for `stallMs` becomes "stalled" and a worker that says
 * nothing within `runTimeoutMs` "worker-silent". `runTimeoutMs` also bounds each run once ready.
 * `manifest`: the runtime manifest the page carries (with the lock's data), or null to fetch it.
 */
export function startEngine(runtimeURL, timeoutMs, contextJSON = "{}", runTimeoutMs = timeoutMs, stallMs = timeoutMs, manifest = null) {
  const engine = { mode: "worker", moduleWorker: false, onStage: () => {} };
  let worker = null;
  try {
    // Browsers without module workers ignore `type` (and start a classic worker
    // that cannot parse `import`): the getter tells whether it was read.
    const options = { get type() { engine.moduleWorker = true; return "module"; } };
    worker = new Worker(new URL("./worker.js", import.meta.url), options);
    if (!engine.moduleWorker) {
      worker.terminate();
      worker = null;
    }
  } catch {
    worker = null;
  }

  let settled;
  const outcome = new Promise((resolve, reject) => { settled = { resolve, reject }; });
  const timer = setTimeout(
    () => settled.reject({ reason: "timeout", detail: `not ready after ${Math.round(timeoutMs / 1000)} s` }),
    timeoutMs,
  );
  const watch = startWatch(settled, stallMs, runTimeoutMs);
  engine.ready = outcome.finally(() => {
    clearTimeout(timer);
    watch.stop();
  });

  if (!worker) {
    runOnMainThread(runtimeURL, engine, settled, watch, manifest);
    return engine;
  }
  watch.waitForWord();

  const pending = new Map();
  let nextId = 1;
  let heard = false;
  worker.addEventListener("message", (event) => {
    heard = true;
    watch.heard();
    const message = event.data || {};
    if (message.type === "stage") engine.onStage(message.stage);
    else if (message.type === "download") watch.download(message.inFlight);
    else if (message.type === "ready") settled.resolve(message.timings);
    else if (message.type === "failed") settled.reject({ reason: message.reason, detail: message.detail });
    else if (message.type === "result" || message.type === "run-failed") {
      const call = pending.get(message.id);
      pending.delete(message.id);
      if (!call) return;
      if (message.type === "result") call.resolve(message.report);
      else call.reject(new CheckerError(message.reason, message.detail));
    }
  });
  worker.addEventListener("error", (event) => {
    event.preventDefault();
    if (heard) {
      const detail = String(event.message || "worker error");
      settled.reject({ reason: "load-error", detail });
      // A worker that dies after start answers no run: fail them now, not at the time-out.
      for (const call of pending.values()) call.reject(new CheckerError("worker-died", detail));
      pending.clear();
      return;
    }
    // The worker script itself did not start (no module support after all, or a
    // policy forbidding workers): run on the page's thread instead.
    worker.terminate();
    runOnMainThread(runtimeURL, engine, settled, watch, manifest);
  });
  engine.run = (facts, context) => {
    const id = nextId++;
    const answer = new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ type: "run", id, facts, context });
    });
    return bounded(answer, runTimeoutMs, () => {
      pending.delete(id);
      worker.terminate();
    });
  };
  engine.stop = () => worker.terminate();
  worker.postMessage({ type: "start", runtimeURL, context: contextJSON, manifest });
  return engine;
}
