"""Политика CSP действительно действует в браузере: встроенный стиль и скрипт не применяются, а нарушение
видно в консоли — именно его фикстура `page` превращает в провал любого браузерного теста."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.usefixtures("transactional_db")


def test_inline_script_and_style_are_blocked_and_reported(browser, live_server):
    context = browser.new_context(locale="ru-RU")
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    try:
        page.goto(live_server.url + reverse("login"))
        page.evaluate(
            """() => {
                const probe = document.createElement('div');
                probe.innerHTML = '<p id="styled" style="color: rgb(255, 0, 0)">x</p>';
                document.body.appendChild(probe);
                const script = document.createElement('script');
                script.textContent = 'window.__inlineRan = true';
                document.body.appendChild(script);
            }"""
        )
        page.wait_for_timeout(300)
        assert page.evaluate("() => window.__inlineRan === undefined")
        color = page.evaluate("() => getComputedStyle(document.getElementById('styled')).color")
        assert color != "rgb(255, 0, 0)"
        assert any("Content Security Policy" in text for text in console), console
    finally:
        context.close()
