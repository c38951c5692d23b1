/*
 * What shoppers tell the editors, sent to this site only: "Was this helpful?" on every answer, how
 * a search ended, how a self-check ended, and which answer was read. `helpcenter insights` reads
 * them from the web server's log (generator/insights/); the privacy page (theme/helpcenter/privacy.md)
 * lists every field below, and must change with them.
 *
 * Each signal is one small POST to /signals/<kind>?v=1&... on this site's own origin, answered 204
 * and written by nginx to a log that records the time and this address only (no client address,
 * no user agent, no referrer, no cookie). The request carries no cookie (`credentials: "omit"`),
 * no referrer and no identifier, and nothing is sent at all when the browser asks for Global
 * Privacy Control or Do Not Track. Free text (a search, a "what was wrong") is cut short and loses
 * whatever looks like an e-mail address, a web address, a phone, order or card number first.
 *
 * The page calls three hooks: search.js `searchShown`, the self-check's page.js `selfCheckDone`,
 * and this module starts the helpful widget (theme/helpcenter/question.md) and the read signal by
 * itself. In Node (generator/insights/node.mjs) only the pure functions run.
 */
import { words } from "./search/engine.js";

export const VERSION = "1";
/** Lengths after which a shopper's words are cut (generator/insights/signals.py refuses longer). */
export const QUERY_LENGTH = 80;
export const TEXT_LENGTH = 200;
export const REASONS = ["not-my-question", "unclear", "wrong", "did-not-work"];

// What may identify a person, removed before anything leaves the browser. Numbers go when they
// are long enough to be an order, phone or card number: "size 7" and "925 silver" stay.
const PERSONAL = [
  [/[^\s@]*@[^\s@]*/g, () => true],                       // e-mail addresses (and @handles)
  [/\b(?:https?:\/\/|www\.)\S*/gi, () => true],              // web addresses
  [/\+?\d[\d\s().\/-]{5,}\d/g, (m) => m.replace(/\D/g, "").length >= 7], // phone and card numbers
  [/\S*\d{4,}\S*/g, () => true],                           // order numbers, postcodes: 4 digits in a row
  [/#\S*\d\S*/g, () => true],                              // "#A12B"
];

/** `text` without what looks like personal data, its spaces collapsed, cut to `length` at a word's end. */
export function scrub(text, length = TEXT_LENGTH) {
  let clean = String(text).normalize("NFC").replace(/[\p{Cc}\p{Cf}]/gu, " ");
  for (const [pattern, personal] of PERSONAL) clean = clean.replace(pattern, (m) => (personal(m) ? " " : m));
  clean = clean.replace(/\s+/g, " ").trim();
  if (clean.length <= length) return clean;
  const cut = clean.slice(0, length + 1);
  const space = cut.lastIndexOf(" ");
  return (space > length / 2 ? cut.slice(0, space) : cut.slice(0, length)).trim();
}

/** A search as it is sent: scrubbed, then the engine's own reading of its words ("Didn't" -> "did not"). */
export const signalQuery = (query) => scrub(words(scrub(query, 4 * QUERY_LENGTH)).join(" "), QUERY_LENGTH);

/** Whether this browser lets us send anything: not under Global Privacy Control or Do Not Track. */
export function allowed(nav = globalThis.navigator, win = globalThis) {
  if (!nav) return false;
  if (nav.globalPrivacyControl === true) return false;
  return ![nav.doNotTrack, win.doNotTrack, nav.msDoNotTrack].some((value) => value === "1" || value === "yes");
}

// The site's root: this file lives in assets/hc-<hash>/.
const root = new URL("../../", import.meta.url);

/** Send one signal; false when not allowed. Never throws, never waits. */
export function send(kind, fields) {
  if (!allowed()) return false;
  const url = new URL(`signals/${kind}`, root);
  if (typeof location !== "undefined" && url.origin !== location.origin) return false;
  url.search = new URLSearchParams({ v: VERSION, ...fields }).toString();
  // keepalive: the request outlives the page (a result's link, a closed tab); no cookie, no referrer.
  fetch(url, { method: "POST", keepalive: true, credentials: "omit", mode: "same-origin", cache: "no-store",
    referrerPolicy: "no-referrer" }).catch(() => {});
  return true;
}

// --- Search: the last query shown is sent once, when the shopper leaves the search ------------------
let search = null;
let watched = null;

/** search.js calls this after showing an answer for `query`. */
export function searchShown(dialog, query, answer) {
  if (watched !== dialog) watchSearch((watched = dialog));
  search = query && answer && answer.words.length
    ? { query, results: answer.results.length, weak: answer.weak ? "1" : "0" } : null;
}

function searchLeft(opened = "", rank = 0) {
  if (!search) return;
  const q = signalQuery(search.query);
  if (q) send("search", { q, results: String(search.results), weak: search.weak, opened, rank: String(rank) });
  search = null;
}

function watchSearch(dialog) {
  // Capture: this runs before search.js closes the dialog on the same click.
  dialog.addEventListener("click", (event) => {
    const link = event.target.closest("a[href]");
    if (!link) return;
    const results = [...dialog.querySelectorAll(".md-search-result__list a[href]")];
    const rank = results.indexOf(link) + 1;
    const entry = new URL(link.href, location.href).pathname.match(/\/faq\/([a-z0-9-]+)\/$/);
    let opened = "other";
    if (link.protocol === "mailto:") opened = "email";
    else if (/\/self-check\/$/.test(new URL(link.href, location.href).pathname)) opened = "self-check";
    else if (rank && entry) opened = entry[1];
    searchLeft(opened, rank);
  }, true);
  const toggle = document.getElementById("__search");
  if (toggle) toggle.addEventListener("change", () => { if (!toggle.checked) searchLeft(); });
  addEventListener("pagehide", () => searchLeft());
}

// --- The self-check: each check's status and the browser's family and major version -----------------
/** page.js calls this with the report it showed. */
export function selfCheckDone(report) {
  const browser = (report && report.browser) || {};
  const checks = ((report && report.checks) || [])
    .filter((c) => /^[a-z0-9-]{1,40}$/.test(c.id) && /^[a-z]{1,10}$/.test(c.status)).map((c) => `${c.id}:${c.status}`);
  send("self-check", {
    status: String(report && report.status || "unknown"),
    browser: scrub(browser.family || "", 40),
    major: Number.isInteger(browser.major) ? String(browser.major) : "",
    checks: checks.join(","),
  });
}

// --- "Was this helpful?" on an answer's page, and that the answer was read ------------------------
function startHelpful(widget) {
  const entry = widget.dataset.entry;
  const voteForm = widget.querySelector(".hc-helpful__vote");
  const reasonsForm = widget.querySelector(".hc-helpful__reasons");
  const thanks = widget.querySelector(".hc-helpful__thanks");
  const text = reasonsForm.elements.text;
  const left = widget.querySelector(".hc-helpful__left");
  let pending = null;

  const finish = (words) => {
    voteForm.hidden = true;
    reasonsForm.hidden = true;
    thanks.textContent = words;
    thanks.tabIndex = -1;
    thanks.focus();
  };
  const sendNo = () => {
    if (!pending) return;
    const fields = { entry, vote: "no", reason: pending.reason || "", text: scrub(text.value) };
    pending = null;
    send("helpful", fields);
  };
  voteForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const vote = event.submitter && event.submitter.value;
    if (vote === "yes") {
      send("helpful", { entry, vote: "yes" });
      finish(widget.dataset.thanksYes);
    } else if (vote === "no") {
      pending = {};
      voteForm.hidden = true;
      reasonsForm.hidden = false;
      reasonsForm.querySelector("legend").focus();
    }
  });
  reasonsForm.addEventListener("change", (event) => {
    if (event.target.name === "reason") pending = { reason: event.target.value };
  });
  // The page's words, in its language (site.yml `helpful_*`): "{count} characters left".
  const count = () => { left.textContent = widget.dataset.charactersLeft.replace("{count}", String(TEXT_LENGTH - text.value.length)); };
  text.maxLength = TEXT_LENGTH;
  text.addEventListener("input", count);
  count();
  reasonsForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const reason = reasonsForm.elements.reason.value;
    pending = { reason: REASONS.includes(reason) ? reason : "" };
    sendNo();
    finish(widget.dataset.thanksNo);
  });
  // A "No" without "Send" still counts, when the shopper leaves the page.
  addEventListener("pagehide", sendNo);
  widget.hidden = false;
}

if (typeof document !== "undefined" && allowed()) {
  const widget = document.querySelector(".hc-helpful[data-entry]");
  if (widget) {
    startHelpful(widget);
    send("read", { entry: widget.dataset.entry });
  }
}
