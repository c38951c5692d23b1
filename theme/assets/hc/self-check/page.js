// The checkout self-check page: collects facts, runs the diagnostics, shows the
// report. Everything shown is built with createElement/textContent (never
// innerHTML), because it contains text from the browser and the report.
//
// Configuration comes from the site's config (mkdocs.yml) through data attributes of
// #self-check (see theme/helpcenter/self-check.html): data-runtime-url,
// data-timeout-ms, data-run-timeout-ms, data-stall-timeout-ms, data-support-email, data-paypal-sdk-url,
// data-autorun; the context JSON (steps, policy, the shop: name, site, support address; the report's
// labels); and the runtime's manifest with its lock (#self-check-runtime). The report's text comes from Python as it is; only when the Python check could not
// finish (it never started, timed out, its worker died, a run failed) does report.js write it.

import { collectFacts, tryPopup } from "./facts.js";
import { startEngine } from "./checker-thread.js";
import { mailtoHref, unfinishedReportText } from "./report.js";
import { allowed, selfCheckDone } from "../signals.js";
import { translator } from "./translate.js";

const ICONS = { pass: "\u2713", warn: "!", fail: "\u2717", unknown: "?", info: "i", partly: "\u2713?" };
const STAGES = {
  download: [1, "Downloading the checker\u2026"],
  start: [2, "Starting the checker\u2026"],
  packages: [3, "Loading the browser rules\u2026"],
  rules: [4, "Almost ready\u2026"],
};
const SUMMARY = {
  pass: "Your browser looks ready for checkout.",
  warn: "Your browser should work, but check the points below.",
  fail: "We found something that can stop checkout.",
  unknown: "We could not check everything automatically; follow the steps below.",
};
// The one thing to do first when every check passed: the FAQ's next ways, then support with the report.
const NEXT_WHEN_OK = "Your browser is not what stops the payment. Try another card, or pay with PayPal; "
  + "if it still does not go through, email this report to our support team.";
const NEXT_WHEN_UNKNOWN = "Go through the steps marked below by hand; if you still cannot pay, email this report to our support team.";
const REASONS = {
  "no-webassembly": "This browser cannot run the check (it has no WebAssembly). That usually means it is too old: use the latest Chrome, Firefox or Safari (step 1).",
  "wasm-blocked": "This browser, or a security setting or add-on, does not let the check start (WebAssembly is blocked).",
  timeout: "The check took too long to load, so we stopped waiting. A slow connection or an add-on that blocks scripts can cause this.",
  stalled: "The check stopped downloading: nothing arrived for a while, so we stopped waiting. Check your connection (or switch between Wi-Fi and mobile data), then reload this page.",
  "worker-silent": "The check stopped answering while it started (the browser or an add-on may have stopped it). Reload this page; if it happens again, try a private window, where add-ons are usually off (step 2).",
  "load-error": "Part of the check could not be downloaded or started.",
  "run-error": "The check started but could not finish.",
  "run-timeout": "The check stopped answering (the browser may have stopped it to save memory), so we stopped waiting.",
  "worker-died": "The check stopped while it was running (the browser may have stopped it to save memory).",
  "no-config": "This page is missing part of its set-up.",
};
const SUBJECT = "Checkout self-check report";

const $ = (id) => document.getElementById(id);

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function readJSON(id) {
  try {
    const data = JSON.parse($(id).textContent);
    return data && typeof data === "object" ? data : null;
  } catch {
    return null;
  }
}

const readContext = () => readJSON("self-check-context") || {};

function milliseconds(value) {
  const number = Number(value);
  return Number.isFinite(number) && number > 0 ? number : null;
}

/** Where the page loads something from another site (the real PayPal SDK), by host name. */
function contactedHosts(urls) {
  const hosts = [];
  for (const url of urls) {
    try {
      const parsed = new URL(url, document.baseURI);
      if (parsed.origin !== location.origin && !hosts.includes(parsed.host)) hosts.push(parsed.host);
    } catch {
      // not a URL: nothing is loaded from it
    }
  }
  return hosts;
}

function pageURL() {
  return location.origin + location.pathname;
}

class SelfCheckPage {
  constructor(root) {
    this.root = root;
    const data = root.dataset;
    this.context = readContext();
    this.labels = this.context.labels || {};
    // The page's language (context.texts, from content/self-check.<lang>.yml): every sentence shown goes through tr.
    this.tr = translator(this.context.texts);
    this.localSteps = this.context.local_steps || {};
    this.supportEmail = data.supportEmail || (this.context.shop || {}).support_email || "";
    this.contacted = contactedHosts(data.paypalSdkUrl ? [data.paypalSdkUrl] : []);
    this.text = "";
    this.popup = null;
    this.running = false;
    this.asked = false;
    this.failure = null;
    this.lastFacts = null; // for support and tests: what was sent to the rules
    this.lastReport = null;
    this.t0 = performance.now();

    const runtimeURL = new URL(data.runtimeUrl || "../pyodide/", document.baseURI).href;
    const timeoutMs = milliseconds(data.timeoutMs);
    const runTimeoutMs = milliseconds(data.runTimeoutMs);
    const stallMs = milliseconds(data.stallTimeoutMs);
    this.showPrivacy();
    // The runtime's manifest and lock, carried by the page so that the downloads start at once
    // (without them the checker fetches both from the runtime folder).
    const manifest = readJSON("self-check-runtime");
    this.engine = startEngine(runtimeURL, timeoutMs || 1, this.runContext(), runTimeoutMs || 1, stallMs || 1, manifest);
    this.engine.onStage = (stage) => this.showStage(stage);
    this.engine.ready.then(
      (timings) => {
        this.timings = timings;
        if (!this.running && !this.lastReport) this.progress(4, "Ready. Press \u201cCheck my browser\u201d.");
      },
      (failure) => this.fail(failure),
    );
    // The time-outs come from mkdocs.yml; a page without them is a build mistake, said at once.
    if (!timeoutMs || !runTimeoutMs || !stallMs) {
      this.fail({ reason: "no-config", detail: "data-timeout-ms, data-run-timeout-ms or data-stall-timeout-ms missing" });
    }
    this.facts = collectFacts({
      probeBase: new URL("./probe/", import.meta.url),
      paypalSdkUrl: data.paypalSdkUrl || null,
    });

    $("self-check-run").addEventListener("click", () => this.check());
    $("self-check-copy").addEventListener("click", () => this.copy());
    if (data.autorun === "true") this.check();
  }

  /** The context for a run: the build's, plus this page's address for the report. */
  runContext() {
    return JSON.stringify({ ...this.context, page_url: pageURL() });
  }

  /** Say what the check contacts: nothing but this site, or also PayPal when the site probes its SDK.
   * Nothing reaches the shop unless the shopper sends the report or shares the anonymous result. */
  privacyWords(done) {
    const hosts = this.contacted.join(" and ");
    if (done) {
      return hosts
        ? `Done. The check ran in your browser; to test PayPal's script it loaded it from ${hosts}, as our checkout does. Nothing about your browser was sent to us.`
        : "Done. The check ran in your browser; nothing was sent anywhere.";
    }
    return hosts
      ? `The check runs in your browser. To test PayPal's payment script it loads it from ${hosts}, as our checkout does; nothing reaches us unless you choose to send it.`
      : "The check runs in your browser: nothing reaches us unless you choose to send it.";
  }

  /** Offer to share the outcome (each check's status, the browser's family and major version) with
   * the shop's own log: only on the shopper's click, once per run, never where the browser asks not
   * to be tracked (signals.js `allowed`). */
  offerShare(report) {
    const box = $("self-check-share");
    const button = $("self-check-share-button");
    if (!box || !button) return;
    box.hidden = !allowed();
    button.disabled = false;
    button.textContent = this.tr("Share the anonymous result with the shop");
    button.onclick = () => {
      selfCheckDone(report);
      button.disabled = true;
      button.textContent = this.tr("Shared, thank you");
    };
  }

  showPrivacy() {
    const node = $("self-check-privacy");
    if (node) node.textContent = this.tr(this.privacyWords(false));
  }

  showStage(stage) {
    const [step, words] = STAGES[stage] || [0, "Loading\u2026"];
    if (!this.failure) this.progress(step, words);
  }

  progress(value, words, { done = false } = {}) {
    const bar = $("self-check-progress-bar");
    if (bar) {
      bar.value = value;
      // The bar says the check is on its way; once it has run (or could not), only words stay.
      bar.hidden = done;
    }
    $("self-check-progress-text").textContent = this.tr(words);
  }

  async currentFacts() {
    const facts = await this.facts;
    facts.popup = this.popup;
    facts.features.module_worker = this.engine.moduleWorker;
    this.lastFacts = facts;
    return facts;
  }

  async check() {
    // Straight from the click, before any await: the pop-up test needs the gesture.
    this.popup = tryPopup();
    this.asked = true;
    if (this.running) return;
    this.running = true;
    const button = $("self-check-run");
    button.disabled = true;
    try {
      if (this.failure) {
        this.showFailure(await this.currentFacts());
        return;
      }
      this.progress(this.engine.ready ? $("self-check-progress-bar").value : 0, "Checking your browser\u2026");
      const facts = await this.currentFacts();
      try {
        await this.engine.ready;
      } catch {
        return; // fail() has shown the reason and the raw facts
      }
      let report;
      try {
        report = JSON.parse(await this.engine.run(JSON.stringify(facts), this.runContext()));
      } catch (error) {
        const reason = error && error.reason ? error.reason : "run-error";
        await this.fail({ reason, detail: String((error && (error.detail || error.message)) || error) });
        return;
      }
      this.lastReport = report;
      this.showReport(report);
      this.offerShare(report);
      const seconds = ((performance.now() - this.t0) / 1000).toFixed(1);
      this.progress(4, this.privacyWords(true), { done: true });
      button.textContent = this.tr("Check again");
      const t = this.timings || {};
      console.info(`helpcenter-self-check: done status=${report.status} mode=${this.engine.mode} t=${seconds}s `
        + `boot=${t.boot_ms}ms packages=${t.packages_ms}ms`);
    } finally {
      this.running = false;
      button.disabled = false;
    }
  }

  async fail(failure) {
    if (this.failure) return;
    this.failure = failure;
    if (this.engine.stop) this.engine.stop();
    // The reason is said here, once; the result below says what the shopper can still do.
    this.progress(0, REASONS[failure.reason] || REASONS["load-error"], { done: true });
    this.root.classList.add("self-check--failed");
    this.showFailure(await this.currentFacts());
    console.info(`helpcenter-self-check: failed reason=${failure.reason}`);
  }

  showFailure(facts) {
    const failure = this.failure;
    const reason = `${REASONS[failure.reason] || REASONS["load-error"]} (${failure.reason}: ${failure.detail})`;
    $("self-check-summary").textContent = this.tr(this.labels.not_finished || "The automatic check could not finish.");
    $("self-check-browser").textContent = this.tr("You can still follow the steps, and send the report below to our support team: it lists what this page could read from your browser.");
    $("self-check-next").textContent = "";
    $("self-check-list").replaceChildren();
    $("self-check-passed").hidden = true;
    this.markEmail(true);
    this.setText(unfinishedReportText(facts, reason, { labels: this.labels, supportEmail: this.supportEmail, pageURL: pageURL() }));
    this.reveal();
  }

  showReport(report) {
    this.root.classList.remove("self-check--failed");
    const status = report.status in SUMMARY ? report.status : "unknown";
    $("self-check-verdict").className = `self-check-verdict self-check--${status}`;
    $("self-check-summary").textContent = this.tr(SUMMARY[status]);
    const browser = report.browser && report.browser.display;
    $("self-check-browser").textContent = browser ? this.tr(`Your browser: ${browser}.`) : "";
    const checks = new Map((report.checks || []).map((check) => [check.id, check]));
    $("self-check-next").textContent = this.tr(this.firstThing(status, report, checks));
    this.markEmail(status === "fail" || status === "warn");
    // Problems and points to check stay open; the other steps (passed, or for the shopper to try by
    // hand) fold into one line that opens, so the decision and its buttons fit on a phone's screen.
    const open = [], folded = [], counts = {};
    (report.steps || []).forEach((step, index) => {
      const shown = this.shownStatus(step, checks);
      const isOpen = shown === "fail" || shown === "warn";
      (isOpen ? open : folded).push(this.stepItem(step, index, checks));
      if (!isOpen) counts[shown] = (counts[shown] || 0) + 1;
    });
    $("self-check-list").replaceChildren(...open);
    $("self-check-passed-list").replaceChildren(...folded);
    $("self-check-passed").hidden = !folded.length;
    $("self-check-passed-summary").textContent = this.tr(this.foldedSummary(counts, folded.length, open.length));
    this.setText(typeof report.text === "string" ? report.text : "");
    this.reveal();
  }

  /** "3 steps passed, 2 to try by hand: show them". */
  foldedSummary(counts, total, open) {
    const parts = [];
    if (counts.pass) parts.push(`${counts.pass} passed`);
    const byHand = (counts.partly || 0) + (counts.unknown || 0);
    if (byHand) parts.push(`${byHand} to try by hand`);
    if (counts.info) parts.push(`${counts.info} for your information`);
    const steps = total === 1 ? "step" : "steps";
    return `${open ? "Other s" : "S"}${steps.slice(1)}: ${parts.join(", ")}. Show ${total === 1 ? "it" : "them"}`;
  }

  /** The one thing to do first: the advice of the first problem, else of the first point to check. */
  firstThing(status, report, checks) {
    if (status === "pass") return NEXT_WHEN_OK;
    for (const wanted of ["fail", "warn"]) {
      for (const step of report.steps || []) {
        for (const id of step.checks || []) {
          const check = checks.get(id);
          if (check && check.status === wanted && check.advice) return `First: ${check.advice}`;
        }
      }
    }
    return NEXT_WHEN_UNKNOWN;
  }

  /** A step's status as shown: a step with a check that could not run is not "OK" (it is partly checked). */
  shownStatus(step, checks) {
    const status = step.status in ICONS ? step.status : "unknown";
    const some = (wanted) => (step.checks || []).some((id) => checks.get(id) && checks.get(id).status === wanted);
    return status === "pass" && some("unknown") ? "partly" : status;
  }

  /** E-mail is the primary button when there is something for support to look at. */
  markEmail(primary) {
    $("self-check-email").classList.toggle("md-button--primary", primary);
    $("self-check-copy").classList.toggle("md-button--primary", false);
  }

  stepItem(step, index, checks) {
    const status = this.shownStatus(step, checks);
    const item = element("li", `self-check-step self-check--${status}`);
    const heading = element("h3", "self-check-step-title");
    heading.append(
      element("span", "self-check-icon", ICONS[status]),
      element("span", "self-check-status", this.statusWord(status)),
      element("span", "self-check-step-name", `${index + 1}. ${this.tr(step.title || step.id)}`),
    );
    heading.firstChild.setAttribute("aria-hidden", "true");
    item.append(heading);
    const ids = step.checks || [];
    if (!ids.length) item.append(element("p", "self-check-message", this.tr(this.labels.no_check || "")));
    for (const id of ids) {
      const check = checks.get(id);
      if (!check) continue;
      const checkStatus = check.status in ICONS ? check.status : "unknown";
      // In a step that failed, a check that passed is no comfort ("has all the web features" beside
      // "use another browser"): the plain report keeps it, the card does not.
      if ((status === "fail" || status === "warn") && checkStatus === "pass") continue;
      const block = element("div", `self-check-check self-check--${checkStatus}`);
      const message = element("p", "self-check-message");
      // The step shows its worst status; a check that differs says its own.
      if (checkStatus !== status || status === "partly") message.append(element("strong", "self-check-check-status", `${this.statusWord(checkStatus)}: `));
      message.append(document.createTextNode(this.tr(check.message || "")));
      block.append(message);
      if (check.advice && checkStatus !== "pass" && checkStatus !== "info") block.append(element("p", "self-check-advice", this.tr(check.advice)));
      item.append(block);
    }
    const url = this.localSteps[step.id] || step.url || "";
    if (/^(https?:|\/|\.|#)/.test(url) || (url && !url.includes(":"))) {
      const link = element("a", "self-check-step-link", this.tr(`Read step ${index + 1}`));
      link.href = url;
      item.append(link);
    }
    return item;
  }

  statusWord(status) {
    if (status === "partly") return this.tr(this.labels.partly || "Partly checked");
    const words = this.labels.status || {};
    return this.tr(words[status] || words.unknown || status);
  }

  setText(english) {
    // In another language, the report reads in it first, then whole in English, for support.
    const translated = english.split("\n").map((line) => this.tr(line)).join("\n");
    const text = translated === english ? english
      : `${translated}\n\n${this.tr("The same report in English, for our support team:")}\n\n${english}`;
    this.text = text;
    $("self-check-text").textContent = text;
    $("self-check-email").href = mailtoHref(this.supportEmail, SUBJECT, text);
  }

  reveal() {
    const results = $("self-check-results");
    const first = results.hidden;
    results.hidden = false;
    // Move focus to the answer only when the shopper asked for it (not on a
    // failure found while they read the page).
    if (first && this.asked) $("self-check-summary").focus();
  }

  async copy() {
    const note = $("self-check-copied");
    try {
      await navigator.clipboard.writeText(this.text);
      note.textContent = this.tr("Report copied.");
    } catch {
      // No clipboard API (older browser, insecure context): select the text instead.
      const details = $("self-check-details");
      details.open = true;
      const range = document.createRange();
      range.selectNodeContents($("self-check-text"));
      const selection = getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      let copied = false;
      try {
        copied = document.execCommand("copy");
      } catch {
        copied = false;
      }
      note.textContent = this.tr(copied ? "Report copied." : "Select the report below and copy it (Ctrl+C or \u2318C).");
    }
  }
}

function main() {
  const root = $("self-check");
  if (!root) return;
  // This module runs only in browsers with ES modules; older ones keep the static
  // fallback, which is itself the answer for them (step 1: use a current browser).
  $("self-check-fallback").hidden = true;
  $("self-check-app").hidden = false;
  root.selfCheck = new SelfCheckPage(root);
}

main();
