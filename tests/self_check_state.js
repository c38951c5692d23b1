// What the self-check page found and showed, read once it has finished, by the tests of every
// engine (Playwright, puppeteer over BiDi, WebDriver): one function, so they all see the same.
() => {
  const root = document.getElementById("self-check");
  const results = document.getElementById("self-check-results");
  const text = (id) => document.getElementById(id).textContent;
  return {
    fallbackHidden: document.getElementById("self-check-fallback").hidden,
    resultsShown: !results.hidden,
    summary: text("self-check-summary"),
    progress: text("self-check-progress-text"),
    browserLine: text("self-check-browser"),
    // The steps as shown: problems first (open), then the others (folded into one line).
    steps: [...document.querySelectorAll("#self-check-list > li, #self-check-passed-list > li")].map((li) => ({
      className: li.className, text: li.textContent })),
    text: text("self-check-text"),
    mailto: document.getElementById("self-check-email").href,
    mode: root.selfCheck.engine.mode,
    facts: root.selfCheck.lastFacts,
    report: root.selfCheck.lastReport,
    timings: root.selfCheck.timings || null,
    userAgent: navigator.userAgent,
    violations: window.__cspViolations || null,
    resources: performance.getEntriesByType("resource").map((entry) => entry.name),
  };
}
