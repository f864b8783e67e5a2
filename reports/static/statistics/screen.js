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

  function pad(n) { return n < 10 ? "0" + n : String(n); }

  function tick() {
    var now = new Date();
    var day = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    var time = pad(now.getHours()) + ":" + pad(now.getMinutes()) + ":" + pad(now.getSeconds());
    clock.textContent = day + " " + now.toLocaleDateString(lang, { weekday: "long" }) + " " + time;
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
