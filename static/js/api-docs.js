"use strict";
// Starts Swagger UI (drf-spectacular-sidecar's files) on the API docs page, reading the schema's address
// from the page: no inline script, so the Content Security Policy stays strict.
(function () {
  const element = document.getElementById("swagger-ui");
  if (!element || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  SwaggerUIBundle({
    url: element.dataset.schemaUrl,
    domNode: element,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    tryItOutEnabled: true,
  });
})();
