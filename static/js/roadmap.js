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
// После замены строки — фокус на первое поле формы, чтобы печатать сразу.
document.body.addEventListener("htmx:afterSwap", function (event) {
  const field = event.detail.target && event.detail.target.querySelector &&
    document.querySelector("tr.editing textarea, tr.editing input[type=text]");
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
