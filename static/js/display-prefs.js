// 长者模式 and font size chosen by the visitor (kept in localStorage, never a cookie, so cached pages stay
// shared). Loaded in <head> without defer so the page is drawn in the chosen mode from the first paint.
(function () {
  "use strict";
  try {
    var root = document.documentElement;
    root.classList.add("js");  // scripts run: the phone menu may fold behind its button (portal.css)
    var store = window.localStorage;
    if (store.getItem("portal-elder") === "1") root.classList.add("elder-mode");
    var size = store.getItem("portal-font");
    if (size === "large" || size === "xlarge") root.classList.add("font-" + size);
  } catch (e) { /* storage blocked: default display */ }
})();
