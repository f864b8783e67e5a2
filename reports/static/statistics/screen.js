/* 数据大屏 (/data/screen/): a clock, the ticker scrolling in one line (with a pause button), and new figures
   fetched from the JSON endpoint every data-refresh seconds. The endpoint sends each panel's markup, rendered by
   the same templates as the page; a panel is replaced only when it changed. When a request fails the screen
   keeps its figures and tries again at the next turn. Without this script the page shows the same figures and
   reloads itself every ten minutes (<noscript> refresh). */
(function () {
  "use strict";
  var screen = document.getElementById("screen");
  if (!screen) return;
  var source = screen.getAttribute("data-source");
  var seconds = parseInt(screen.getAttribute("data-refresh"), 10) || 60;
  var clock = document.getElementById("screen-clock");
  var updated = document.getElementById("screen-updated");
  var pause = document.getElementById("ticker-pause");
  var lang = document.documentElement.lang || "zh-CN";
  var last = {};

  // the site's time (its TIME_ZONE, e.g. Asia/Shanghai), as the figures are, whatever the display computer's zone
  var zone = screen.getAttribute("data-time-zone") || undefined;
  var parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
    second: "2-digit", hourCycle: "h23"
  });
  var weekday = new Intl.DateTimeFormat(lang, { timeZone: zone, weekday: "long" });

  function tick() {
    var now = new Date();
    var p = {};
    parts.formatToParts(now).forEach(function (part) { p[part.type] = part.value; });
    var day = p.year + "-" + p.month + "-" + p.day;
    var time = p.hour + ":" + p.minute + ":" + p.second;
    clock.textContent = day + " " + weekday.format(now) + " " + time;
    clock.setAttribute("datetime", day + "T" + time);
  }

  function scrollTicker() {
    var track = screen.querySelector(".ticker-track");
    if (!track) {
      pause.hidden = true;
      return;
    }
    var list = track.querySelector(".ticker-list");
    var copy = list.cloneNode(true);
    copy.setAttribute("aria-hidden", "true");
    track.appendChild(copy);
    track.classList.add("scrolling");
    // about 90 pixels a second whatever the number of lines (CSSOM, which the CSP allows)
    track.style.animationDuration = Math.max(20, Math.round(list.scrollWidth / 90)) + "s";
    pause.hidden = false;
  }

  function swap(parts) {
    Object.keys(parts).forEach(function (part) {
      if (last[part] === parts[part]) return;
      var box = screen.querySelector('[data-part="' + part + '"]');
      if (!box) return;
      box.innerHTML = parts[part];
      last[part] = parts[part];
      if (part === "ticker") scrollTicker();
    });
  }

  function refresh() {
    fetch(source, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        swap(data.html);
        updated.textContent = data.updated;
        screen.removeAttribute("data-stale");
      })
      .catch(function () { screen.setAttribute("data-stale", "true"); });
  }

  pause.addEventListener("click", function () {
    var paused = pause.getAttribute("aria-pressed") !== "true";
    pause.setAttribute("aria-pressed", String(paused));
    screen.querySelector(".ticker-window").classList.toggle("paused", paused);
  });

  tick();
  setInterval(tick, 1000);
  screen.querySelectorAll("[data-part]").forEach(function (box) {
    last[box.getAttribute("data-part")] = null;
  });
  scrollTicker();
  if (window.fetch) setInterval(refresh, seconds * 1000);
}());
