// Клавиатура в редакторе карты: Ctrl+Enter — сохранить форму мероприятия, Esc — отменить правку.
document.addEventListener("keydown", function (event) {
  const form = event.target.closest && event.target.closest("form.item-form, form.section-form");
  if (!form) return;
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    form.requestSubmit();
  } else if (event.key === "Escape") {
    const cancel = form.querySelector("button.cancel");
    if (cancel) { event.preventDefault(); cancel.click(); }
  }
});
// После замены строки формой — фокус на первое поле, чтобы печатать сразу. Но только если человек
// ещё не печатает в форме: подсказки (срок, показатель) тоже приходят через htmx и не должны
// отнимать фокус посреди ввода.
document.body.addEventListener("htmx:afterSwap", function () {
  const active = document.activeElement;
  if (active && active.closest && active.closest("tr.editing")) return;
  const field = document.querySelector("tr.editing textarea, tr.editing input[type=text]");
  if (field) field.focus();
});
// «Связать» в подсказке показателя: выбирает показатель мониторинга в списке формы.
document.addEventListener("click", function (event) {
  const button = event.target.closest && event.target.closest("[data-link-figure]");
  if (!button) return;
  const form = button.closest("form");
  const select = form && form.querySelector("select[name=indicator_figure]");
  if (select) {
    select.value = button.dataset.linkFigure;
    button.closest(".suggest").textContent = "Связано: факт будет считаться сам после сохранения.";
  }
});
