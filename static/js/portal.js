// Progressive enhancement only: every feature works as a plain link without this file.
(function () {
  "use strict";
  // click to enlarge (000 §3.5): open the larger image in an overlay; Esc or click closes it
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-zoom]");
    if (!link) return;
    event.preventDefault();
    var overlay = document.createElement("div");
    overlay.className = "lightbox";
    overlay.setAttribute("role", "dialog");
    overlay.setAttribute("aria-label", "大图");
    overlay.tabIndex = -1;
    var img = document.createElement("img");
    img.src = link.href;
    var thumb = link.querySelector("img");
    img.alt = thumb ? thumb.alt : "";
    overlay.appendChild(img);
    function close() { overlay.remove(); document.removeEventListener("keydown", onKey); link.focus(); }
    function onKey(e) { if (e.key === "Escape") close(); }
    overlay.addEventListener("click", close);
    document.addEventListener("keydown", onKey);
    document.body.appendChild(overlay);
    overlay.focus();
  });
  // forms that ask before submitting (instead of an inline onsubmit, which the CSP forbids)
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
  });
  // filter forms fold away on a phone so the list comes first, unless a filter is set (open without JavaScript);
  // on a wider screen, where the summary is hidden, they are always open
  var narrow = window.matchMedia("(max-width: 600px)");
  document.querySelectorAll("details.filter-fold").forEach(function (fold) {
    if (narrow.matches && !fold.hasAttribute("data-active")) fold.open = false;
    narrow.addEventListener("change", function (event) { if (!event.matches) fold.open = true; });
  });
  // mobile menu
  var toggle = document.querySelector(".nav-toggle");
  var nav = document.getElementById("main-nav");
  if (toggle && nav) {
    toggle.addEventListener("click", function () {
      var open = nav.classList.toggle("is-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // banner carousel: rotate every 5 s; a pause button (WCAG 2.2.2) stops it for good, hovering or focusing
  // it pauses it meanwhile; with prefers-reduced-motion it never moves and needs no button
  var banners = document.querySelectorAll(".banner-carousel .banner");
  if (banners.length > 1 && !window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
    var index = 0, hovered = false, stopped = false, carousel = banners[0].parentNode;
    var pause = carousel.querySelector(".carousel-pause");
    if (pause) {
      pause.hidden = false;
      pause.addEventListener("click", function () {
        stopped = !stopped;
        pause.setAttribute("aria-pressed", stopped ? "true" : "false");
        pause.textContent = stopped ? pause.dataset.playLabel : pause.dataset.pauseLabel;
        carousel.classList.toggle("is-paused", stopped);
      });
    }
    carousel.addEventListener("mouseenter", function () { hovered = true; });
    carousel.addEventListener("mouseleave", function () { hovered = false; });
    carousel.addEventListener("focusin", function () { hovered = true; });
    carousel.addEventListener("focusout", function () { hovered = false; });
    setInterval(function () {
      if (hovered || stopped) return;
      banners[index].classList.remove("is-active");
      index = (index + 1) % banners.length;
      banners[index].classList.add("is-active");
    }, 5000);
  }
})();
// 长者模式 and font size: a class on <html>, remembered in localStorage (set early by the inline script in base.html)
(function () {
  "use strict";
  var root = document.documentElement;
  function store(key, value) { try { if (value) { localStorage.setItem(key, value); } else { localStorage.removeItem(key); } } catch (e) { /* private mode */ } }
  var elder = document.querySelector("[data-elder-toggle]");
  if (elder) {
    elder.setAttribute("aria-pressed", root.classList.contains("elder-mode") ? "true" : "false");
    elder.addEventListener("click", function () {
      var on = root.classList.toggle("elder-mode");
      elder.setAttribute("aria-pressed", on ? "true" : "false");
      store("portal-elder", on ? "1" : "");
    });
  }
  var fontButtons = document.querySelectorAll("[data-font]");
  function markFont(size) {
    fontButtons.forEach(function (b) { b.setAttribute("aria-pressed", b.getAttribute("data-font") === size ? "true" : "false"); });
  }
  markFont(root.classList.contains("font-xlarge") ? "xlarge" : root.classList.contains("font-large") ? "large" : "");
  fontButtons.forEach(function (button) {
    button.addEventListener("click", function () {
      var size = button.getAttribute("data-font");
      root.classList.remove("font-large", "font-xlarge");
      if (size) root.classList.add("font-" + size);
      store("portal-font", size);
      markFont(size);
    });
  });
  // 分享: the phone's share sheet where there is one, else copy the link; hidden (plain links only) otherwise
  document.querySelectorAll("[data-share]").forEach(function (button) {
    var canCopy = navigator.clipboard && window.isSecureContext;
    if (!navigator.share && !canCopy) return;
    if (navigator.share) button.textContent = button.getAttribute("data-share-native");
    button.hidden = false;
    button.addEventListener("click", function () {
      // the address as the visitor sees it (host and port included), without ?print=1 or other parameters
      var url = window.location.origin + window.location.pathname;
      var status = button.parentNode.querySelector(".share-status");
      function say(text) { if (status) status.textContent = text; }
      if (navigator.share) {
        navigator.share({ title: button.getAttribute("data-share-title"), url: url }).catch(function () {});
        return;
      }
      navigator.clipboard.writeText(url).then(function () { say(button.getAttribute("data-share-done")); },
        function () { say(button.getAttribute("data-share-failed")); });
    });
  });
  // 打印本页: print directly when scripts run; the link (?print=1) is the no-script fallback
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) { event.preventDefault(); window.print(); }
  });
  // skip link: move keyboard focus into <main>, not just the scroll position
  var skip = document.querySelector(".skip-link");
  var main = document.getElementById("main");
  if (skip && main) skip.addEventListener("click", function () { main.focus(); });
})();
