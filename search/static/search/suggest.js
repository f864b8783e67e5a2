// Suggestions under every search box with data-suggest-url (the header's and /search/'s): an ARIA 1.2 combobox.
// Without JavaScript the boxes are plain search forms. Built with DOM text nodes, never innerHTML.
(function () {
  var counter = 0;
  function setUp(input) {
    var id = "suggest-" + (++counter);
    var list = document.createElement("ul");
    list.className = "suggest-list";
    list.id = id;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.dataset.suggestLabel || "搜索建议");
    list.hidden = true;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);
    input.setAttribute("autocomplete", "off");
    input.parentNode.style.position = "relative";
    input.parentNode.appendChild(list);
    var timer = null, active = -1, latest = 0;

    function options() { return list.querySelectorAll("[role=option]"); }
    function close() {
      list.hidden = true; active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function highlight(index) {
      var items = options();
      if (!items.length) return;
      active = (index + items.length) % items.length;
      items.forEach(function (item, n) { item.setAttribute("aria-selected", n === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", items[active].id);
    }
    function choose(item) {
      if (item.dataset.url) { window.location.href = item.dataset.url; return; }
      input.value = item.dataset.term;
      close();
      if (input.form) input.form.submit();
    }
    function option(text, kind, data) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.id = id + "-" + list.children.length;
      li.setAttribute("aria-selected", "false");
      li.textContent = text;
      if (kind) {
        var tag = document.createElement("span");
        tag.className = "suggest-kind";
        tag.textContent = kind;
        li.appendChild(document.createTextNode(" "));
        li.appendChild(tag);
      }
      Object.keys(data).forEach(function (key) { li.dataset[key] = data[key]; });
      li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(li); });
      list.appendChild(li);
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim(), asked = ++latest;
        if (!q) { close(); return; }
        fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(q))
          .then(function (r) { return r.json(); })
          .then(function (data) {
            if (asked !== latest) return;  // a later keystroke's answer wins
            list.textContent = "";
            active = -1;
            (data.terms || []).forEach(function (term) { option(term, "", {term: term}); });
            (data.pages || []).forEach(function (item) { option(item.title, item.type, {url: item.url}); });
            var empty = list.children.length === 0;
            list.hidden = empty;
            input.setAttribute("aria-expanded", empty ? "false" : "true");
          })
          .catch(close);
      }, 200);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); highlight(active + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(active - 1); }
      // closing the list keeps the text (a type=search box would otherwise also clear it on Escape)
      else if (e.key === "Escape") { e.preventDefault(); close(); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(options()[active]); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }
  document.querySelectorAll("input[data-suggest-url]").forEach(setUp);
})();
