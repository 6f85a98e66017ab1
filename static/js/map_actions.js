// Действия со строками карты — одно меню на страницу и один обработчик вместо hx-* на каждой кнопке:
// у строки только кнопка «⋯». Адрес запроса собирается из шаблона на <tbody>
// (data-items="/roadmaps/items/0/", data-sections="/roadmaps/sections/0/edit/") и id строки.
(function () {
  const ACTIONS = {
    edit: { method: "GET", path: "edit/", target: "row", label: ["Изменить мероприятие ", "Изменить раздел "] },
    up: { method: "POST", path: "move/", values: { direction: "up" }, label: ["Мероприятие {n} выше", "Раздел {n} выше"] },
    down: { method: "POST", path: "move/", values: { direction: "down" }, label: ["Мероприятие {n} ниже", "Раздел {n} ниже"] },
    copy: { method: "POST", path: "duplicate/", label: ["Копировать мероприятие ", ""] },
    delete: { method: "POST", path: "delete/", label: ["Удалить мероприятие ", "Удалить раздел "] },
  };
  let current = null; // { row, opener }

  function menu() { return document.getElementById("row-menu"); }

  function label(template, n) {
    return template.indexOf("{n}") >= 0 ? template.replace("{n}", n) : template + n;
  }

  function close() {
    const m = menu();
    if (m && !m.hidden) {
      m.hidden = true;
      if (current && current.opener.isConnected) current.opener.setAttribute("aria-expanded", "false");
    }
    current = null;
  }

  function open(opener) {
    const m = menu();
    const row = opener.closest("tr");
    if (!m || !row) return;
    const isItem = row.id.startsWith("item-");
    const n = opener.dataset.n || row.querySelector(".num-cell").textContent.trim();
    m.querySelectorAll("[data-act]").forEach(function (button) {
      const names = ACTIONS[button.dataset.act].label;
      button.hidden = !isItem && button.hasAttribute("data-items-only");
      button.setAttribute("aria-label", label(names[isItem ? 0 : 1], n));
    });
    const box = opener.getBoundingClientRect();
    m.style.top = window.scrollY + box.bottom + "px";
    m.style.left = Math.max(8, window.scrollX + box.right - 180) + "px";
    m.hidden = false;
    opener.setAttribute("aria-expanded", "true");
    current = { row: row, opener: opener, n: n, isItem: isItem };
    m.querySelector("[data-act]:not([hidden])").focus();
  }

  function run(act) {
    const action = ACTIONS[act];
    const target = current;
    close();
    const match = target && /^(item|section)-(\d+)$/.exec(target.row.id);
    if (!action || !match || !window.htmx) return;
    if (act === "delete") {
      const text = target.isItem
        ? "Удалить мероприятие " + target.n + "? Его можно будет вернуть из истории."
        : "Удалить раздел «" + target.opener.dataset.section + "»? Его мероприятия останутся в карте.";
      if (!window.confirm(text)) return;
    }
    const rows = target.row.closest("#map-rows");
    const base = target.isItem ? rows.dataset.items : rows.dataset.sections.replace(/edit\/$/, "");
    htmx.ajax(action.method, base.replace("/0/", "/" + match[2] + "/") + action.path, {
      source: target.opener,
      target: action.target === "row" ? target.row : "#map-rows",
      swap: "outerHTML",
      values: action.values || {},
    });
  }

  document.addEventListener("click", function (event) {
    if (!event.target.closest) return;
    const opener = event.target.closest("#map-rows button[data-act=menu]");
    if (opener) {
      event.preventDefault();
      const again = current && current.opener === opener;
      close();
      if (!again) open(opener);
      return;
    }
    const item = event.target.closest("#row-menu [data-act]");
    if (item) {
      event.preventDefault();
      run(item.dataset.act);
      return;
    }
    close();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && current) {
      const opener = current.opener;
      close();
      opener.focus();
    }
  });
})();
