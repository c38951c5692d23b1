/*
 * On the troubleshooting answer only: start downloading the checkout self-check's Python runtime
 * while the shopper reads, so the self-check starts from the browser's cache. Low priority
 * (rel=prefetch, once the page is idle), and skipped when the shopper asked to save data or is on
 * a 2G connection. The addresses come from the script tag's data-prefetch, written at build time.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var urls = ((script && script.getAttribute("data-prefetch")) || "").split(" ").filter(Boolean);
  var connection = navigator.connection || {};
  if (!urls.length || connection.saveData || /(^|-)2g$/.test(connection.effectiveType || "")) return;

  function start() {
    urls.forEach(function (url) {
      var link = document.createElement("link");
      link.rel = "prefetch";
      link.href = url;
      document.head.appendChild(link);
    });
  }

  if ("requestIdleCallback" in window) window.requestIdleCallback(start, { timeout: 3000 });
  else window.addEventListener("load", start);
})();
