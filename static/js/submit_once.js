// Кнопки формы не нажимаются второй раз, пока запрос в пути (двойной щелчок не отправляет форму дважды;
// на сервере это же держит одноразовый ключ формы — jobs.middleware.SubmitOnceMiddleware).
(function () {
  "use strict";
  function buttons(form) {
    return Array.prototype.slice.call(
      form.querySelectorAll('button:not([type=button]), input[type=submit]')
    );
  }
  function setBusy(form, busy) {
    buttons(form).forEach(function (button) {
      button.disabled = busy;
      if (busy) { button.setAttribute("aria-busy", "true"); } else { button.removeAttribute("aria-busy"); }
    });
    if (busy) { form.setAttribute("data-submitting", "1"); } else { form.removeAttribute("data-submitting"); }
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || (form.method || "").toLowerCase() !== "post") { return; }
    // Формы-выгрузки отдают файл без перехода, и их кнопки нажимают подряд (PDF, потом Excel).
    if (form.hasAttribute("data-repeatable")) { return; }
    if (form.getAttribute("data-submitting")) { event.preventDefault(); return; }
    // Отключаем после текущего такта: иначе имя и значение нажатой кнопки не попали бы в запрос.
    window.setTimeout(function () { setBusy(form, true); }, 0);
    // Ответ-файл (выгрузка) не уводит со страницы: через несколько секунд форма снова доступна.
    if (!form.hasAttribute("hx-post")) {
      window.setTimeout(function () { setBusy(form, false); }, 8000);
    }
  });
  // htmx: кнопки возвращаются, когда пришёл ответ (форма с ошибками остаётся на месте).
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target && event.target.closest ? event.target.closest("form") : null;
    if (form) { setBusy(form, false); }
  });
  // Возврат «Назад» из кэша браузера: страница должна снова принимать ввод.
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-submitting]"), function (form) {
      setBusy(form, false);
    });
  });
})();
