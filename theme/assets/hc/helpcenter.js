/*
 * Alsgem help center: keyboard and screen-reader fixes on top of Material.
 *
 * Material opens search and the navigation drawer with <label for="__search">
 * and <label for="__drawer">, which a keyboard cannot reach and the icon-only
 * ones have no name. This makes them focusable, named (hidden text), and
 * pressed with Enter (Material clicks a focused label) or Space. The home
 * page's "Search the help center" button also puts the cursor in the field.
 */
(function () {
  "use strict";

  function asButton(label, name) {
    if (!label) return;
    label.tabIndex = 0;
    if (name && !label.textContent.trim()) {
      // A label may not carry aria-label or role=button: name it with hidden text.
      var text = document.createElement("span");
      text.className = "hc-sr-only";
      text.textContent = name;
      label.appendChild(text);
    }
    label.addEventListener("keydown", function (event) {
      if (event.key === " " || event.key === "Spacebar") {
        event.preventDefault();
        label.click();
      }
      // Enter: Material already clicks a focused label.
    });
  }

  var query = document.querySelector("[data-md-component=search-query]");
  var header = document.querySelector("[data-md-component=header]");

  if (header) {
    asButton(header.querySelector("label[for=__drawer]"), "Open the menu");
    asButton(header.querySelector(".md-header__button[for=__search]"), "Search");
  }

  document.querySelectorAll(".md-content label[for=__search]").forEach(function (label) {
    asButton(label);
    label.addEventListener("click", function () {
      // The label opens search; then put the cursor in the field.
      if (query) setTimeout(function () { query.focus(); }, 0);
    });
  });

  // Search results list each answer's keywords in a <nav class="md-tags">: not
  // navigation (they are not links), and a page full of unnamed navigation
  // landmarks confuses screen-reader users. Drop the landmark role.
  var results = document.querySelector("[data-md-component=search-result]");
  if (results && "MutationObserver" in window) {
    new MutationObserver(function () {
      results.querySelectorAll("nav.md-tags:not([role])").forEach(function (nav) {
        nav.setAttribute("role", "none");
      });
    }).observe(results, { childList: true, subtree: true });
  }
})();
