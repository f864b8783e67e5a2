// Autocomplete under the search box: titles from /search/suggest/ (built with DOM text nodes, never innerHTML).
(function () {
  var input = document.querySelector("input[data-suggest-url]");
  if (!input) return;
  var list = document.createElement("ul");
  list.className = "suggest-list";
  list.hidden = true;
  input.parentNode.style.position = "relative";
  input.parentNode.appendChild(list);
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = input.value.trim();
      if (!q) { list.hidden = true; return; }
      fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(q))
        .then(function (r) { return r.json(); })
        .then(function (data) {
          list.textContent = "";
          data.pages.forEach(function (item) {
            var li = document.createElement("li");
            var a = document.createElement("a");
            a.href = item.url;
            a.textContent = item.title;
            li.appendChild(a);
            list.appendChild(li);
          });
          list.hidden = data.pages.length === 0;
        })
        .catch(function () { list.hidden = true; });
    }, 200);
  });
  document.addEventListener("click", function (e) { if (e.target !== input) list.hidden = true; });
})();
