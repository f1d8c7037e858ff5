// Small behaviours of the portal, wired by data attributes (no inline scripts: CSP).
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  onReady(function () {
    // <select data-autosubmit> submits its form on change; the visible button stays for
    // keyboard and no-JS users.
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  });

  // <form data-confirm="…"> asks before submitting.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  }, true);

  // After an htmx swap, move focus to an element marked data-autofocus so screen
  // reader users hear what changed.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target.querySelector("[data-autofocus]");
    if (target) { target.focus(); }
  });
})();
