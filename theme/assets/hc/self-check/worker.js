// Module worker that runs the diagnostics under Pyodide, off the page's thread.
//
// Messages in:  {type: "start", runtimeURL, context, manifest}  (context: JSON string, for a warm-up
//                                                   run; manifest: the page's runtime manifest or null)
//               {type: "run", id, facts, context}   (both JSON strings)
// Messages out: {type: "alive"}                      (once this script runs: the page hears a worker that never starts)
//               {type: "download", inFlight}        (downloads in flight, as bytes arrive: the page hears a stall)
//               {type: "stage", stage}
//               {type: "ready", timings}
//               {type: "failed", reason, detail}
//               {type: "result", id, report, ms}     (report: JSON string)
//               {type: "run-failed", id, reason, detail}
import { describeError, startChecker } from "./runner.js";

let checker = null;
postMessage({ type: "alive" });

async function start(runtimeURL, context, manifest) {
  try {
    checker = await startChecker(runtimeURL, (stage) => postMessage({ type: "stage", stage }),
      (inFlight) => postMessage({ type: "download", inFlight }), manifest || null);
    // The first run compiles the rules (and ua-parser's); do it now, before the click.
    await checker.run(JSON.stringify({ user_agent: navigator.userAgent }), context || "{}");
    postMessage({ type: "ready", timings: checker.timings });
  } catch (error) {
    postMessage({ type: "failed", ...describeError(error) });
  }
}

async function run({ id, facts, context }) {
  const t0 = performance.now();
  try {
    const report = await checker.run(facts, context);
    postMessage({ type: "result", id, report, ms: Math.round(performance.now() - t0) });
  } catch (error) {
    postMessage({ type: "run-failed", id, ...describeError(error) });
  }
}

addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === "start" && !checker) start(message.runtimeURL, message.context, message.manifest);
  else if (message.type === "run" && checker) run(message);
});
