// Меню на узком экране: одна кнопка «Меню» раскрывает разделы и пользовательское меню.
// Без JavaScript меню просто всегда раскрыто (класс js-nav ставится только здесь).
(function () {
  const header = document.querySelector(".topbar");
  const button = header && header.querySelector(".nav-toggle");
  if (!button) return;
  header.classList.add("js-nav");
  button.hidden = false;
  button.addEventListener("click", function () {
    const open = header.classList.toggle("nav-open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && header.classList.contains("nav-open")) {
      header.classList.remove("nav-open");
      button.setAttribute("aria-expanded", "false");
      button.focus();
    }
  });
})();
