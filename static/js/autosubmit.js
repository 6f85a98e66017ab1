// Поведение без встроенных обработчиков (строгая CSP): <select data-autosubmit> отправляет форму при выборе.
document.addEventListener("change", function (event) {
  const field = event.target.closest && event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.requestSubmit();
});
