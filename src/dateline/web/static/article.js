// The article page: clicking a marked stretch explains every mark over it in the side panel.
(function () {
  "use strict";
  var data = document.getElementById("marks-data");
  var panel = document.getElementById("explain");
  if (!data || !panel) return;
  var marks = JSON.parse(data.textContent);
  var byKey = {};
  marks.forEach(function (m) { byKey[m.key] = m; });
  var labels = { ent: "Actor", quote: "Quote", timex: "Time", event: "Event" };

  function show(keys) {
    panel.textContent = "";
    keys.forEach(function (key) {
      var m = byKey[key];
      if (!m) return;
      var box = document.createElement("div");
      box.className = "explain-item " + m.kind;
      var h = document.createElement("h3");
      h.textContent = labels[m.kind] || m.kind;
      var p = document.createElement("p");
      p.textContent = m.title;
      box.appendChild(h);
      box.appendChild(p);
      if (m.href) {
        var a = document.createElement("a");
        a.href = m.href;
        a.textContent = m.kind === "event" ? "Open the event →" : "Open the actor →";
        box.appendChild(a);
      }
      panel.appendChild(box);
    });
    document.querySelectorAll(".text .active").forEach(function (el) { el.classList.remove("active"); });
    keys.forEach(function (key) {
      document.querySelectorAll('.text [data-keys~="' + key.replace(/"/g, "") + '"]').forEach(function (el) {
        el.classList.add("active");
      });
    });
  }

  function keysOf(el) {
    var span = el.closest("[data-keys]");
    return span ? span.getAttribute("data-keys").split(" ") : null;
  }
  var text = document.getElementById("article-text");
  text.addEventListener("click", function (e) {
    var keys = keysOf(e.target);
    if (keys) show(keys);
  });
  text.addEventListener("keydown", function (e) {
    if (e.key !== "Enter") return;
    var keys = keysOf(e.target);
    if (keys) show(keys);
  });
  document.querySelectorAll("[data-key]").forEach(function (row) {
    row.addEventListener("mouseenter", function () { show([row.getAttribute("data-key")]); });
  });
})();
