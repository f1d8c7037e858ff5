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

  // An htmx request that fails (a server error, a lost connection, a timeout) changes
  // nothing on screen by itself. An element with data-request-error says so under its
  // field until its next request, so a failed lookup is never silent.
  function requestErrorBox(source) {
    return document.getElementById((source.id || "htmx") + "-request-error");
  }

  function showRequestError(event) {
    var source = event.detail.elt;
    var message = source && source.getAttribute && source.getAttribute("data-request-error");
    if (!message) { return; }
    var box = requestErrorBox(source);
    if (!box) {
      box = document.createElement("div");
      box.id = (source.id || "htmx") + "-request-error";
      box.className = "alert alert-warning py-2 mt-2";
      box.setAttribute("role", "alert");
      (source.closest(".mb-3") || source).insertAdjacentElement("afterend", box);
    }
    box.textContent = message;
    source.setAttribute("aria-invalid", "true");
    source.setAttribute("aria-describedby", box.id);
  }

  ["htmx:responseError", "htmx:sendError", "htmx:timeout"].forEach(function (name) {
    document.addEventListener(name, showRequestError);
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var source = event.detail.elt;
    var box = source && source.getAttribute && source.getAttribute("data-request-error")
      ? requestErrorBox(source) : null;
    if (box) {
      box.remove();
      source.removeAttribute("aria-invalid");
      source.removeAttribute("aria-describedby");
    }
  });

  // A form that prints a PDF (data-pdf-form="message") says the PDF is being made
  // while the server prints it: a long list takes seconds, and the page would
  // otherwise sit still. Cleared when the page is shown again (the back button).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.hasAttribute || !form.hasAttribute("data-pdf-form")) { return; }
    var status = form.querySelector("[data-pdf-status]");
    if (status) {
      status.textContent = form.getAttribute("data-pdf-form");
      status.hidden = false;
    }
  });

  window.addEventListener("pageshow", function () {
    document.querySelectorAll("[data-pdf-status]").forEach(function (status) {
      status.hidden = true;
      status.textContent = "";
    });
  });

  // After an htmx swap, move focus to an element marked data-autofocus so screen
  // reader users hear what changed.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target.querySelector("[data-autofocus]");
    if (target) { target.focus(); }
  });
})();
