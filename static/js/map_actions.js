// Кнопки строк карты (✎ ↑ ↓ ⊕ ✕) — один обработчик на всю таблицу вместо hx-* на каждой кнопке:
// так страница карты из сотни строк весит вдвое меньше. Адрес собирается из шаблона на <tbody>
// (data-items="/roadmaps/items/0/", data-sections="/roadmaps/sections/0/edit/") и id строки.
(function () {
  const ACTIONS = {
    edit: { method: "GET", path: "edit/", target: "row" },
    up: { method: "POST", path: "move/", values: { direction: "up" } },
    down: { method: "POST", path: "move/", values: { direction: "down" } },
    copy: { method: "POST", path: "duplicate/" },
    delete: { method: "POST", path: "delete/" },
  };
  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest("#map-rows button[data-act]");
    if (!button || !window.htmx) return;
    const action = ACTIONS[button.dataset.act];
    const row = button.closest("tr");
    const match = row && /^(item|section)-(\d+)$/.exec(row.id);
    if (!action || !match) return;
    event.preventDefault();
    if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) return;
    const rows = button.closest("#map-rows");
    const base = match[1] === "item"
      ? rows.dataset.items
      : rows.dataset.sections.replace(/edit\/$/, "");
    const url = base.replace("/0/", "/" + match[2] + "/") + action.path;
    htmx.ajax(action.method, url, {
      source: button,
      target: action.target === "row" ? row : "#map-rows",
      swap: "outerHTML",
      values: action.values || {},
    });
  });
})();
