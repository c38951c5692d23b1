// Drive Debian's Firefox ESR over WebDriver BiDi with puppeteer-core, for tests/engines/.
//
// One launch per run (prefs are per launch), then each page in a fresh browser context.
// Reads one JSON scenario on stdin, prints one JSON result on stdout (see main()).
// A self-check page is opened and never touched until it prints its "done"/"failed" console
// line (a driver's evaluate could count as a user gesture for the pop-up check).
import { readFileSync } from "node:fs";
import puppeteer from "puppeteer-core";

const PREFIX = "helpcenter-self-check: ";

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

// Runs before the page's own scripts: records CSP violations (the page cannot turn it off).
const WATCH = `(() => {
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (e) => {
    const v = e.violatedDirective + " " + (e.blockedURI || "") + " " + (e.sourceFile || "");
    window.__cspViolations.push(v);
    console.warn("csp-violation " + v);
  }, true);
})();`;

// The same reading of the finished page as every other engine's tests.
const STATE = readFileSync(new URL("../self_check_state.js", import.meta.url), "utf8");

// One page in a fresh browser context: the self-check page (waits for its console line) or a
// control page (waits for load, then settleMs).
async function runPage(browser, spec) {
  const timeoutMs = spec.timeoutMs || 90000;
  const result = { name: spec.name, outcome: "timeout", line: null, console: [], requests: [], state: null };
  const context = await browser.createBrowserContext();
  let timer;
  try {
    const page = await context.newPage();
    if (spec.userAgent) await page.setUserAgent(spec.userAgent);
    await page.evaluateOnNewDocument(WATCH);
    page.on("request", (request) => result.requests.push(request.url()));
    let finish;
    const finished = new Promise((resolve) => { finish = resolve; });
    page.on("console", (msg) => {
      const text = msg.text();
      result.console.push([msg.type(), text]);
      if (text.startsWith(PREFIX + "done")) finish(["done", text]);
      else if (text.startsWith(PREFIX + "failed")) finish(["failed", text]);
    });
    const expired = new Promise((resolve) => { timer = setTimeout(() => resolve(["timeout", null]), timeoutMs); });
    const start = performance.now();
    const loaded = page.goto(spec.url, { waitUntil: "load", timeout: timeoutMs }).then(
      () => ["loaded", null],
      (error) => { result.navigationError = String(error); return ["navigation-error", null]; });
    if (spec.control) {
      result.outcome = (await loaded)[0];
      await new Promise((resolve) => setTimeout(resolve, spec.settleMs || 1000));
      result.violations = await page.evaluate(() => window.__cspViolations || null);
    } else {
      [result.outcome, result.line] = await Promise.race([finished, expired]);
      result.elapsedMs = Math.round(performance.now() - start);
      if (result.outcome !== "timeout") result.state = await page.evaluate(`(${STATE})()`);
    }
  } catch (error) {
    result.error = String((error && error.stack) || error);
  } finally {
    clearTimeout(timer);
    await context.close().catch(() => {});
  }
  return result;
}

// stdin: {prefs?, executablePath?, pages: [{name, url, userAgent?, control?, settleMs?, timeoutMs?}]}
// stdout: {ok, browserVersion, launchMs, pages: {name: result}}
async function main() {
  const scenario = await readStdin();
  const out = { ok: false, pages: {} };
  const t0 = performance.now();
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: scenario.executablePath || "/usr/bin/firefox-esr",
    headless: true,
    protocol: "webDriverBiDi",
    extraPrefsFirefox: scenario.prefs || {},
  });
  out.launchMs = Math.round(performance.now() - t0);
  try {
    out.browserVersion = await browser.version();
    for (const spec of scenario.pages) out.pages[spec.name] = await runPage(browser, spec);
    out.ok = true;
  } catch (error) {
    out.error = String((error && error.stack) || error);
  } finally {
    await browser.close().catch(() => {});
  }
  return out;
}

// Exit only once the JSON is written: a write to a pipe is asynchronous in Node, and exiting
// at once cut the report at 64 kB when the pages' request lists grew.
function finish(result, code) {
  process.stdout.write(JSON.stringify(result), () => process.exit(code));
}

main().then((out) => finish(out, process.exitCode || 0), (error) => {
  finish({ ok: false, error: String((error && error.stack) || error) }, 1);
});
