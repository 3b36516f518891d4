// Small enhancements only; every page works without this file.
// A form marked data-once disables its submit buttons after the first submit, so a double
// tap sends one request (the server also refuses duplicates).
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.hasAttribute("data-once")) return;
  if (form.dataset.submitted === "1") { event.preventDefault(); return; }
  form.dataset.submitted = "1";
  setTimeout(function () {
    form.querySelectorAll("button[type=submit]").forEach(function (b) {
      b.setAttribute("aria-disabled", "true"); b.disabled = true;
    });
  }, 0);
});
// Re-enable after an htmx swap that kept the form (validation errors).
document.addEventListener("htmx:afterSwap", function () {
  document.querySelectorAll("form[data-once]").forEach(function (f) {
    f.dataset.submitted = "";
    f.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = false; b.removeAttribute("aria-disabled"); });
  });
});
