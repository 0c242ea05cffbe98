// Starts Swagger UI on /docs from a static file (the Content Security Policy forbids inline scripts).
(function () {
  var node = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({ url: node.dataset.url, dom_id: "#swagger-ui", deepLinking: true });
})();
