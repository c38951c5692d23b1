// The plain-text report's last resort, and the email link.
//
// The report text is rendered by Python (diagnostics/report_text.py) and shown as it
// comes. Only when Python never started does the page write a facts-only report here,
// with the same words: `labels` are diagnostics.report_text.LABELS, put into the page's
// context by the build.

const MAILTO_LIMIT = 1800;
const SHORTENED = "\n[Shortened to fit in an email. Use \"Copy report\" on the page for the full text.]";

function flatten(value, prefix, unknown, out) {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, unknown, out);
  } else if (Array.isArray(value)) {
    out.push(`${prefix}: ${value.map((item) => (item && typeof item === "object" ? Object.values(item).join(" ") : String(item))).join(", ")}`);
  } else {
    out.push(`${prefix}: ${value === null || value === undefined ? unknown : String(value)}`);
  }
  return out;
}

function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** When the check could not run: the reason and the raw facts, for support, in the report's own words. */
export function factsText(facts, reasonText, { labels, supportEmail, pageURL }) {
  const status = labels.status || {};
  const lines = [
    labels.title,
    `${labels.date}: ${today()}`,
    `${labels.overall}: ${status.unknown}`,
    `${labels.reason}: ${labels.not_finished} ${reasonText}`,
    "",
    `${labels.facts}:`,
    ...flatten(facts || {}, "", labels.unknown_value, []).map((line) => `  ${line}`),
    "",
  ];
  if (pageURL) lines.push(`${labels.page}: ${pageURL}`);
  lines.push(supportEmail ? labels.support.replace("{support_email}", supportEmail) : labels.support_no_address);
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
