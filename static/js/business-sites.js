// The business section's site charts (no inline scripts: CSP). The page holds the
// monthly counts as a JSON script element (<script type="application/json"
// id="site-chart-data">) and a <canvas data-site-chart="site-chart-data">; the
// monthly table stays on the page as the accessible version of the chart.
(function () {
  "use strict";

  var COLORS = ["#dc3545", "#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#20c997"];

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-site-chart"));
    if (!source || typeof window.Chart === "undefined") { return; }
    var chart;
    try { chart = JSON.parse(source.textContent); } catch (e) { return; }
    var datasets = chart.series.map(function (s, n) {
      var color = COLORS[n % COLORS.length];
      return {
        label: s.label,
        type: s.type,
        yAxisID: s.axis,
        data: s.data,
        backgroundColor: color,
        borderColor: color,
        order: s.type === "line" ? 0 : 1
      };
    });
    // eslint-disable-next-line no-new
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: chart.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          people: { beginAtZero: true, position: "left" },
          sessions: {
            beginAtZero: true,
            position: "right",
            grid: { drawOnChartArea: false },
            ticks: { precision: 0 }
          }
        }
      }
    });
  }

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  ready(function () {
    document.querySelectorAll("canvas[data-site-chart]").forEach(draw);
  });
})();
