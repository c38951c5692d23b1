// Material's page set-up, moved out of the inline <script> of its partials/javascripts/base.html
// so that pages run under a Content-Security-Policy without 'unsafe-inline'. A classic script,
// loaded synchronously where the inline one stood; the scope comes from the tag's data-scope.
(function () {
  var scope = document.currentScript && document.currentScript.getAttribute("data-scope");
  window.__md_scope = new URL(scope || ".", location);
  window.__md_hash = function (value) {
    return Array.from(value).reduce(function (hash, c) { return (hash << 5) - hash + c.charCodeAt(0); }, 0);
  };
  window.__md_get = function (key, storage, base) {
    storage = storage || localStorage; base = base || window.__md_scope;
    try { return JSON.parse(storage.getItem(base.pathname + "." + key)); } catch (e) { return null; }
  };
  window.__md_set = function (key, value, storage, base) {
    storage = storage || localStorage; base = base || window.__md_scope;
    try { storage.setItem(base.pathname + "." + key, JSON.stringify(value)); } catch (e) { /* storage off */ }
  };
})();
