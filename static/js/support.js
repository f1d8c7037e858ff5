// The support section's charts, drawn from the tables on the page (no inline
// scripts: CSP). A <table data-chart="bar" data-chart-canvas="ID"> gives its
// series in <th data-series> header cells and its values in <td data-value>;
// the table stays on the page as the accessible version of the chart.
(function () {
  "use strict";

  var COLORS = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#dc3545", "#20c997"];

  function drawChart(table) {
    var canvas = document.getElementById(table.getAttribute("data-chart-canvas"));
    if (!canvas || typeof window.Chart === "undefined") { return; }
    var headers = Array.prototype.slice.call(table.querySelectorAll("thead th"));
    var series = [];
    headers.forEach(function (th, index) {
      if (th.hasAttribute("data-series")) {
        series.push({
          index: index,
          label: th.textContent.trim(),
          axis: th.getAttribute("data-axis") || "y",
          type: th.getAttribute("data-type") || table.getAttribute("data-chart")
        });
      }
    });
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-row]"));
    var labels = rows.map(function (row) { return row.cells[0].textContent.trim(); });
    var datasets = series.map(function (s, n) {
      return {
        label: s.label,
        type: s.type,
        yAxisID: s.axis,
        backgroundColor: COLORS[n % COLORS.length],
        borderColor: COLORS[n % COLORS.length],
        data: rows.map(function (row) {
          var cell = row.cells[s.index];
          var value = cell ? cell.getAttribute("data-value") : null;
          return value === null || value === "" ? null : Number(value);
        })
      };
    });
    var scales = { y: { beginAtZero: true, position: "left" } };
    if (series.some(function (s) { return s.axis === "percent"; })) {
      scales.percent = { beginAtZero: true, max: 100, position: "right", grid: { drawOnChartArea: false } };
    }
    // eslint-disable-next-line no-new
    new window.Chart(canvas, {
      type: table.getAttribute("data-chart"),
      data: { labels: labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: scales
      }
    });
  }

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  ready(function () {
    document.querySelectorAll("table[data-chart]").forEach(drawChart);
  });
})();
