"""Качество каждой страницы браузерных тестов: axe-core (доступность) и ошибки консоли.

`watch(page)` подключается к странице до первого перехода: axe-core (из пакета axe-playwright-python,
axe 4.x) добавляется в каждый документ, проверяет его после загрузки и после каждой замены htmx;
любое серьёзное или критическое нарушение, console.error и необработанное исключение на странице
валят тест (в фазе teardown фикстуры page), с перечнем: страница, правило, элементы.
"""

import contextlib
import json
from dataclasses import dataclass, field
from pathlib import Path

AXE_PREFIX = "__AXE__"


def _axe_init_script() -> str:
    from axe_playwright_python.base import AXE_SCRIPT

    watch = (Path(__file__).parent / "axe_watch.js").read_text(encoding="utf-8")
    return AXE_SCRIPT + "\n;\n" + watch


@dataclass
class PageQuality:
    violations: dict[tuple[str, str], dict] = field(default_factory=dict)
    console_errors: list[str] = field(default_factory=list)
    axe_failures: list[str] = field(default_factory=list)

    def on_console(self, message) -> None:
        text = message.text
        if text.startswith(AXE_PREFIX):
            report = json.loads(text[len(AXE_PREFIX) :])
            for violation in report["violations"]:
                self.violations.setdefault((report["url"], violation["id"]), violation)
        elif text.startswith("__AXE_FAIL__"):
            self.axe_failures.append(text)
        elif message.type == "error":
            location = message.location or {}
            self.console_errors.append(f"{text} ({location.get('url', '')}:{location.get('lineNumber', '')})")

    def on_page_error(self, error) -> None:
        self.console_errors.append(f"исключение на странице: {error}")

    def problems(self) -> list[str]:
        found = [
            f"axe {v['impact']} «{v['id']}» на {url}: {v['help']} — элементов {v['count']}: "
            + "; ".join(v["nodes"])
            for (url, _), v in sorted(self.violations.items())
        ]
        found += [f"console.error: {text}" for text in self.console_errors]
        found += self.axe_failures
        return found


def watch(context) -> PageQuality:
    """Подключает axe-core ко всем страницам контекста; сообщения собирает page.on(...) в фикстуре."""
    context.add_init_script(script=_axe_init_script())
    return PageQuality()


def flush(page) -> None:
    """Проверяет текущее состояние страницы (то, что осталось после последнего действия теста)."""
    # Страница закрыта или уходит — её уже проверили при загрузке.
    with contextlib.suppress(Exception):
        page.evaluate("() => window.__axeFlush ? window.__axeFlush() : null")
