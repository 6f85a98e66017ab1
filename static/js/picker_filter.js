// Поиск в длинном списке флажков («ответственные люди», «ответственные организации»): пишете часть
// фамилии или названия — остаются только совпадения; отмеченные не прячутся никогда, чтобы было видно,
// кто уже выбран. Без встроенных скриптов (CSP): поле — <input data-picker-filter> перед списком.
(function () {
  function normalise(text) {
    return text.toLowerCase().replace(/ё/g, "е").replace(/\s+/g, " ").trim();
  }

  function options(list) {
    // Django рисует флажки <div><label><input> …</label></div> (или <li>): прячем обёртку целиком.
    return Array.from(list.querySelectorAll("label")).map(function (label) {
      const wrapper = label.parentElement && label.parentElement !== list ? label.parentElement : label;
      return { label: label, wrapper: wrapper, input: label.querySelector("input") };
    });
  }

  function apply(field) {
    const list = document.getElementById(field.dataset.pickerFilter);
    if (!list) return;
    const words = normalise(field.value).split(" ").filter(Boolean);
    let shown = 0;
    options(list).forEach(function (option) {
      const text = normalise(option.label.textContent);
      const match = words.every(function (word) { return text.includes(word); });
      const visible = match || (option.input && option.input.checked);
      option.wrapper.hidden = !visible;
      if (visible) shown += 1;
    });
    const status = document.getElementById(field.dataset.pickerFilter + "-found");
    if (status) status.textContent = words.length ? "Найдено: " + shown : "";
  }

  document.addEventListener("input", function (event) {
    const field = event.target.closest && event.target.closest("input[data-picker-filter]");
    if (field) apply(field);
  });
  // Enter в поле поиска не отправляет форму мероприятия: человек ищет, а не сохраняет.
  document.addEventListener("keydown", function (event) {
    const field = event.target.closest && event.target.closest("input[data-picker-filter]");
    if (field && event.key === "Enter" && !event.ctrlKey && !event.metaKey) event.preventDefault();
  });
})();
