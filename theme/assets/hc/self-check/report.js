// The plain-text report for "Copy report" and the support email.
// Verdicts come from Python (the report dict); this only lays them out as text.

export const STATUS_WORDS = {
  pass: "OK",
  warn: "Check this",
  fail: "Problem found",
  unknown: "Not checked automatically",
};

const MAILTO_LIMIT = 1800;
const SHORTENED = "\n[Shortened to fit in an email. Use \"Copy report\" on the page for the full text.]";

function statusWord(status) {
  return STATUS_WORDS[status] || STATUS_WORDS.unknown;
}

/** The report dict from diagnostics.web.run as plain text. */
export function reportText(report, pageURL) {
  const lines = ["Alsgem checkout self-check"];
  if (report.generated) lines.push(`Date: ${report.generated}`);
  const browser = report.browser || {};
  if (browser.display) lines.push(`Browser: ${browser.display}`);
  lines.push(`Result: ${statusWord(report.status)}`, "");
  const checks = new Map((report.checks || []).map((check) => [check.id, check]));
  (report.steps || []).forEach((step, index) => {
    lines.push(`${index + 1}. ${step.title || step.id}: ${statusWord(step.status)}`);
    for (const id of step.checks || []) {
      const check = checks.get(id);
      if (!check) continue;
      lines.push(`   - ${statusWord(check.status)}: ${check.message || ""}`.trimEnd());
      if (check.advice && check.status !== "pass") lines.push(`     What to do: ${check.advice}`);
    }
  });
  const inSteps = new Set((report.steps || []).flatMap((step) => step.checks || []));
  for (const check of report.checks || []) {
    if (!inSteps.has(check.id)) lines.push(`- ${check.id}: ${statusWord(check.status)}: ${check.message || ""}`);
  }
  if (pageURL) lines.push("", `Page: ${pageURL}`);
  return lines.join("\n");
}

function flatten(value, prefix, out) {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
  } else if (Array.isArray(value)) {
    out.push(`${prefix}: ${value.map((item) => (item && typeof item === "object" ? Object.values(item).join(" ") : String(item))).join(", ")}`);
  } else {
    out.push(`${prefix}: ${value === null || value === undefined ? "unknown" : String(value)}`);
  }
  return out;
}

/** When the check could not run: the reason and the raw facts, for support. */
export function factsText(facts, reasonText, pageURL) {
  const lines = [
    "Alsgem checkout self-check (the automatic check could not finish)",
    `Reason: ${reasonText}`,
    "",
    "What the page could read from this browser:",
    ...flatten(facts || {}, "", []).map((line) => `  ${line}`),
  ];
  if (pageURL) lines.push("", `Page: ${pageURL}`);
  return lines.join("\n");
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
