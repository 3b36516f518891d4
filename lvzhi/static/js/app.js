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

// --- Content-Security-Policy: no inline handlers, so buttons say what they do with data-* ---
// <button data-print> opens the print dialog.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-print]");
  if (button) window.print();
});
// hx-trigger="change" data-skip-file-change: a chosen file does not send the form (an htmx
// event filter like change[target.type!='file'] would need eval, which the policy forbids).
document.addEventListener("htmx:confirm", function (event) {
  var trigger = event.detail.triggeringEvent;
  if (event.detail.elt.hasAttribute("data-skip-file-change") && trigger &&
      trigger.target && trigger.target.type === "file") event.preventDefault();
});
