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

// ---- Failed htmx requests ---------------------------------------------------------------
// htmx does not swap an error response, so the form and its typed text stay as they are: say
// what happened in Chinese where the user is looking, and give the buttons back. An expired
// session (401, X-Login-Url) offers to log in again; the typed text is kept in sessionStorage
// and put back when the same page loads again.
var STASH = "lvzhi:typed:";

function failureText(xhr) {
  var status = xhr ? xhr.status : 0;
  if (!status) return "网络连接失败，内容尚未保存。请检查网络后再试。";
  if (status === 401) return "登录已过期，内容尚未保存。";
  if (status === 400) return "页面已过期，内容尚未保存。请刷新页面后再试。";
  if (status === 403) return "没有权限进行这项操作，内容尚未保存。";
  if (status === 409) return "该内容已被他人修改，您的内容尚未保存。请刷新页面查看最新内容。";
  if (status === 413) return "上传的文件太大，内容尚未保存。每个文件不超过 10 MB，请换一张再试。";
  return "服务器暂时出错，内容尚未保存。请稍后再试。";
}

function typedFields(root) {
  return Array.prototype.filter.call(
    root.querySelectorAll("textarea[name], input[name]"),
    function (el) { return /^(text|number|date|email|tel|search|url|checkbox|textarea)$/.test(el.type); }
  );
}

function stashTyped() {
  var saved = typedFields(document).map(function (el) {
    return { name: el.name, value: el.value, type: el.type, checked: el.checked };
  });
  try { sessionStorage.setItem(STASH + location.pathname + location.search, JSON.stringify(saved)); } catch (e) { /* private mode: nothing kept */ }
}

function restoreTyped() {
  var key = STASH + location.pathname + location.search, saved;
  try { saved = JSON.parse(sessionStorage.getItem(key) || "null"); sessionStorage.removeItem(key); } catch (e) { return; }
  if (!saved || !saved.length) return;
  var fields = typedFields(document), changed = false;
  saved.forEach(function (s) {
    var el = fields.filter(function (f) {
      return f.name === s.name && f.type === s.type && (f.type !== "checkbox" || f.value === s.value);
    })[0];
    if (!el) return;
    if (el.type === "checkbox") {
      if (el.checked !== s.checked) { el.checked = s.checked; changed = true; }
    } else if (s.value && el.value !== s.value) { el.value = s.value; changed = true; }
  });
  var main = document.getElementById("main");
  if (changed && main) {
    var note = document.createElement("p");
    note.className = "flash flash-info"; note.setAttribute("role", "status");
    note.textContent = "已恢复您刚才填写、尚未保存的内容，请检查后再保存。";
    main.insertBefore(note, main.firstChild);
  }
}
document.addEventListener("DOMContentLoaded", restoreTyped);

function errorRegion(elt) {
  var owner = elt.closest ? elt.closest("[data-error-target]") : null;
  if (owner) {
    var status = document.querySelector(owner.getAttribute("data-error-target"));
    if (status) { status.textContent = ""; return { box: status, autosave: true }; }
  }
  var form = elt.closest ? (elt.closest("form") || (elt.form || null)) : null;
  var anchor = form || elt;
  var box = anchor.querySelector ? anchor.querySelector(".request-failed") : null;
  if (!box) {
    box = document.createElement("div");
    box.className = "request-failed";
    var actions = form ? form.querySelectorAll(".actions") : [];
    if (actions.length) actions[actions.length - 1].parentNode.insertBefore(box, actions[actions.length - 1]);
    else anchor.parentNode.insertBefore(box, anchor);
  }
  return { box: box, autosave: false };
}

function showFailure(event) {
  var xhr = event.detail.xhr, elt = event.detail.elt || event.target;
  var region = errorRegion(elt), box = region.box;
  var message = document.createElement("span");
  message.className = "request-error";
  message.setAttribute("role", "alert");
  message.textContent = (region.autosave ? "自动保存失败：" : "") + failureText(xhr);
  var login = xhr && xhr.status === 401 ? xhr.getResponseHeader("X-Login-Url") || "/login?next=" + encodeURIComponent(location.pathname + location.search) : null;
  if (login || (xhr && xhr.status === 400) || (xhr && xhr.status === 409)) {
    var again = document.createElement("button");
    again.type = "button"; again.className = "link-btn";
    again.textContent = login ? "重新登录（已填内容会保留）" : "刷新页面（已填内容会保留）";
    again.addEventListener("click", function () {
      stashTyped();
      if (login) location.href = login; else location.reload();
    });
    message.appendChild(again);
  }
  box.textContent = "";
  box.appendChild(message);
  reenable();
}

function reenable() {
  document.querySelectorAll("form").forEach(function (f) {
    f.dataset.submitted = "";
    f.querySelectorAll("button[disabled], button[aria-disabled]").forEach(function (b) { b.disabled = false; b.removeAttribute("aria-disabled"); });
  });
}
document.addEventListener("htmx:responseError", showFailure);
document.addEventListener("htmx:sendError", showFailure);
document.addEventListener("htmx:timeout", showFailure);
// a request that got through clears an earlier failure message for that form
document.addEventListener("htmx:afterRequest", function (event) {
  if (!event.detail.successful) return;
  var form = event.detail.elt && event.detail.elt.closest ? event.detail.elt.closest("form") : null;
  var box = form && form.querySelector(".request-failed");
  if (box) box.remove();
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

// --- 社情民意信息: <p data-char-count data-recommended="1500"> counts what the form's text
// areas hold (spaces and line breaks not counted, as the server counts) while typing.
function countChars(counter) {
  var form = counter.closest("form");
  if (!form) return;
  var n = 0;
  form.querySelectorAll("textarea").forEach(function (t) { n += t.value.replace(/\s/g, "").length; });
  var limit = parseInt(counter.dataset.recommended, 10);
  var fmt = function (x) { return x.toLocaleString("en-US"); };
  counter.textContent = "已写 " + fmt(n) + " 字，建议不超过 " + fmt(limit) + " 字" + (n > limit ? "，请精简" : "");
  counter.classList.toggle("over", n > limit);
}
document.addEventListener("input", function (event) {
  var form = event.target.closest && event.target.closest("form");
  var counter = form && form.querySelector("[data-char-count]");
  if (counter && event.target.tagName === "TEXTAREA") countChars(counter);
});
