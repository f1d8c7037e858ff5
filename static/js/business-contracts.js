// The budget form's running total: the sum of the categories as typed (commas,
// full-width digits and 円 allowed, as the server reads them).
(function () {
  "use strict";

  function toNumber(text) {
    const normal = (text || "")
      .normalize("NFKC")
      .replace(/[,¥\\円\s]/g, "")
      .replace("−", "-");
    return /^-?\d+$/.test(normal) ? parseInt(normal, 10) : null;
  }

  function update(form) {
    let total = 0;
    let valid = true;
    form.querySelectorAll("input[name^='budget_']").forEach(function (input) {
      if (input.value.trim() === "") {
        return;
      }
      const value = toNumber(input.value);
      if (value === null) {
        valid = false;
      } else {
        total += value;
      }
    });
    const output = form.querySelector("[data-budget-sum]");
    if (output) {
      output.textContent = valid ? total.toLocaleString("ja-JP") : "—";
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-budget-total]").forEach(function (form) {
      form.addEventListener("input", function () {
        update(form);
      });
      update(form);
    });
  });
})();
