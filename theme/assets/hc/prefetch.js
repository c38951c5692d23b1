/*
 * On the troubleshooting answer only: start downloading the checkout self-check's Python runtime
 * while the shopper reads, so the self-check starts from the browser's cache. Low priority
 * (rel=prefetch, once the page is idle), and skipped when the shopper asked to save data or is on
 * a 2G connection. A shopper who heads for the self-check at once (the button at the top of the
 * answer) starts it then, without waiting for the page to be idle: the downloads go on while the
 * self-check page opens, and that page takes them over. The addresses come from the script tag's
 * data-prefetch, written at build time.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var urls = ((script && script.getAttribute("data-prefetch")) || "").split(" ").filter(Boolean);
  var connection = navigator.connection || {};
  if (!urls.length || connection.saveData || /(^|-)2g$/.test(connection.effectiveType || "")) return;

  var started = false;
  function start() {
    if (started) return;
    started = true;
    urls.forEach(function (url) {
      var link = document.createElement("link");
      link.rel = "prefetch";
      link.href = url;
      document.head.appendChild(link);
    });
  }

  // Pointing at, touching or tabbing to a link to the self-check: the shopper is about to open it.
  function intent(event) {
    var link = event.target && event.target.closest && event.target.closest("a[href]");
    if (link && /(^|\/)self-check(\/|\.html|$)/.test(new URL(link.href, document.baseURI).pathname)) start();
  }
  ["pointerdown", "mouseover", "focusin"].forEach(function (type) {
    document.addEventListener(type, intent, { passive: true });
  });

  if ("requestIdleCallback" in window) window.requestIdleCallback(start, { timeout: 3000 });
  else window.addEventListener("load", start);
})();
