/* Draws every report table's chart (data from json_script) with the vendored Chart.js. */
function drawPortalCharts() {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  var style = getComputedStyle(document.documentElement);
  var palette = ["--brand-primary", "--brand-secondary", "--brand-accent"].map(function (name) {
    return style.getPropertyValue(name).trim();
  }).filter(Boolean);
  if (palette.length < 3) { palette = ["#1f4e79", "#a61b1b", "#c8912e"]; }
  var extra = ["#6b7280", "#9ca3af", "#374151", "#d1d5db", "#4b5563"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var colours = palette.concat(extra);
    data.datasets.forEach(function (set, i) {
      if (data.type === "pie") {
        set.backgroundColor = data.labels.map(function (_, j) { return colours[j % colours.length]; });
      } else {
        set.backgroundColor = colours[i % colours.length];
        set.borderColor = colours[i % colours.length];
      }
    });
    canvas.chart = new Chart(canvas, {
      type: data.type,
      data: {labels: data.labels, datasets: data.datasets},
      options: {responsive: true, maintainAspectRatio: false, animation: false,
                scales: data.type === "pie" ? {} : {y: {beginAtZero: true}}}
    });
    canvas.setAttribute("data-drawn", "1");
  });
}
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", drawPortalCharts);
} else {
  drawPortalCharts();
}
