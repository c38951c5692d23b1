/*
 * The help center: keyboard and screen-reader fixes on top of Material.
 *
 * Material opens search and the navigation drawer with <label for="__search">
 * and <label for="__drawer">, which a keyboard cannot reach and the icon-only
 * ones have no name. This makes them focusable, named (hidden text), and
 * pressed with Enter (Material clicks a focused label) or Space. (The search
 * field gets the cursor from the search's own script, search/search.js.)
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

  var header = document.querySelector("[data-md-component=header]");

  if (header) {
    asButton(header.querySelector("label[for=__drawer]"), "Open the menu");
    asButton(header.querySelector(".md-header__button[for=__search]"), "Search");
  }

  document.querySelectorAll(".md-content label[for=__search]").forEach(function (label) {
    asButton(label);
  });
})();
