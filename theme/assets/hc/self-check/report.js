// The report's JavaScript side: the email link, and the text when the Python check could not finish.
//
// The report text is rendered by Python (diagnostics/report_text.py) and shown as it comes.
// When the Python check could not finish (it never started, the start timed out or stalled, its
// worker died or went silent, a run failed), there is no Python to render it: the page writes
// this facts-only report instead, with the same words (`labels` are
// diagnostics.report_text.LABELS, put into the page's context by the build).
//
// Every string from the browser (the user agent, client hints...) and from the failure is cleaned
// as Python's clean_text cleans the report's (diagnostics/plain_text.py): each run of control,
// bidi or zero-width characters becomes one space, so what a shopper copies or emails is plain.

const MAILTO_LIMIT = 1800;
const SHORTENED = "\n[Shortened to fit in an email. Use \"Copy report\" on the page for the full text.]";
// diagnostics.plain_text.HIDDEN, the same characters (tests/test_self_check_text.py compares the two
// on every character).
const HIDDEN_RUNS = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]+/gu;
// The longest value written: real facts are far shorter (the user agent is cut at 1000 in Python).
const MAX_VALUE = 1000;

/** diagnostics.plain_text.clean_text: `value` cut to `limit` characters, each run of hidden ones made a space. */
export function cleanText(value, limit = MAX_VALUE) {
  return Array.from(String(value)).slice(0, limit).join("").replace(HIDDEN_RUNS, " ").trim();
}

function flatten(value, prefix, unknown, out) {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, unknown, out);
  } else if (Array.isArray(value)) {
    const items = value.map((item) => (item && typeof item === "object" ? Object.values(item).join(" ") : String(item)));
    out.push(`${cleanText(prefix, 100)}: ${cleanText(items.join(", "))}`);
  } else {
    out.push(`${cleanText(prefix, 100)}: ${value === null || value === undefined ? unknown : cleanText(value)}`);
  }
  return out;
}

function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The report when the Python check could not finish: the reason and the raw facts, for support, in the report's own words. */
export function unfinishedReportText(facts, reasonText, { labels, supportEmail, pageURL }) {
  const status = labels.status || {};
  const lines = [
    labels.title,
    `${labels.date}: ${today()}`,
    `${labels.overall}: ${status.unknown}`,
    `${labels.reason}: ${labels.not_finished} ${cleanText(reasonText)}`,
    "",
    `${labels.facts}:`,
    ...flatten(facts || {}, "", labels.unknown_value, []).map((line) => `  ${line}`),
    "",
  ];
  const page = cleanText(pageURL || "", 500);
  const address = cleanText(supportEmail || "", 200);
  if (page) lines.push(`${labels.page}: ${page}`);
  lines.push(address ? labels.support.replace("{support_email}", address) : labels.support_no_address);
  return lines.join("\n") + "\n";
}

/**
 * A mailto: link carrying the report, kept under ~1800 characters (some mail
 * programs and browsers cut longer ones): the body is shortened line by line.
 */
export function mailtoHref(address, subject, body, limit = MAILTO_LIMIT) {
  const head = `mailto:${encodeURIComponent(address).replace(/%40/g, "@")}?subject=${encodeURIComponent(subject)}&body=`;
  const full = head + encodeURIComponent(body);
  if (full.length <= limit) return full;
  const lines = body.split("\n");
  while (lines.length > 1) {
    lines.pop();
    const href = head + encodeURIComponent(lines.join("\n") + SHORTENED);
    if (href.length <= limit) return href;
  }
  // A single very long line: cut it by characters.
  let text = lines[0] || "";
  while (text.length && (head + encodeURIComponent(text + SHORTENED)).length > limit) {
    text = text.slice(0, Math.max(0, text.length - 50));
  }
  return head + encodeURIComponent(text + SHORTENED);
}
