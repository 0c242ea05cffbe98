// Shared behaviour of every page: nothing runs from the page itself (the CSP allows only these files).
(function () {
  "use strict";
  document.addEventListener("htmx:responseError", function (e) {
    var box = document.createElement("p");
    box.className = "notice bad";
    box.textContent = "The server answered " + e.detail.xhr.status + ": " + (e.detail.xhr.responseText || "").slice(0, 200);
    var target = e.detail.target || document.querySelector("main");
    target.prepend(box);
  });
})();
