"""Нагрузочный прогон: по классу пользователей на каждую роль демо-данных (`load_demo`).

Каждый виртуальный пользователь входит через страницу входа, затем по кругу: главная, список карт →
карта, правка мероприятия (у тех, кто может править), панель мониторинга (у тех, кому она есть).

Запуск без интерфейса (50 пользователей, 5 минут) — см. docs/benchmarks.md, раздел «Нагрузка (issue 12)»:

    locust -f tests/load/locustfile.py --headless -u 50 -r 1 -t 5m --host http://127.0.0.1:8000 \
        --csv test-artifacts/load/run --only-summary

или целиком (gunicorn с продакшен-настройками, итог p95 и отказов, код выхода): scripts/load_test.sh.

Пароль демо-пользователей — переменная LOAD_PASSWORD (по умолчанию пароль `load_demo`).
"""

from __future__ import annotations

import os
import random
import re
from html.parser import HTMLParser

from locust import HttpUser, between, task
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

PASSWORD = os.environ.get("LOAD_PASSWORD", "demo500")
MAP_LINK = re.compile(r'href="(/roadmaps/(\d+)/)"')
# Строка мероприятия, которую человек может править: в ней кнопка меню строки («⋯», data-act="menu");
# адрес формы правки собирает static/js/map_actions.js — здесь так же, из id строки.
ITEM_ROW = re.compile(r'<tr id="item-(\d+)"(.*?)</tr>', re.S)
ITEM_EDIT_URL = "/roadmaps/items/{}/edit/"


def editable_items(html: str) -> list[str]:
    return [ITEM_EDIT_URL.format(pk) for pk, row in ITEM_ROW.findall(html) if 'data-act="menu"' in row]


class FormFields(HTMLParser):
    """Поля первой формы страницы/фрагмента: то, что браузер отправил бы без изменений."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_value: str | None = None
        self._done = False

    def handle_starttag(self, tag, attrs):
        if self._done:
            return
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((name, a.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields.append((name, ""))
        elif tag == "select" and name:
            self._select, self._select_value = name, None
        elif tag == "option" and self._select is not None and ("selected" in a or self._select_value is None):
            self._select_value = a.get("value", "")

    def handle_data(self, data):
        if self._textarea is not None:
            name, value = self.fields[-1]
            self.fields[-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None:
            self.fields.append((self._select, self._select_value or ""))
            self._select = None
        elif tag == "form":
            self._done = True


def form_fields(html: str) -> list[tuple[str, str]]:
    parser = FormFields()
    parser.feed(html)
    return parser.fields


class RoleUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    email = ""
    can_edit = False
    has_dashboard: bool | None = None  # узнаём по меню главной страницы

    def on_start(self):
        # Соединение keep-alive, которое сервер закрыл по простою (gunicorn keepalive, 5 с) ровно тогда,
        # когда клиент послал по нему GET, браузер молча повторяет — так же и здесь, один раз и только GET.
        # Отказ сервера (5xx, 4xx) и любая ошибка POST по-прежнему считаются отказом.
        retry = Retry(total=1, connect=1, read=1, status=0, redirect=0, allowed_methods={"GET", "HEAD"})
        self.client.mount("http://", HTTPAdapter(max_retries=retry))
        page = self.client.get("/accounts/login/", name="вход: страница")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        with self.client.post(
            "/accounts/login/",
            {"username": self.email, "password": PASSWORD, "csrfmiddlewaretoken": token, "next": ""},
            headers={"Referer": self.host + "/accounts/login/"},
            name="вход",
            catch_response=True,
        ) as response:
            if "/accounts/login/" in response.url:
                response.failure(f"не вошёл: {self.email}")
        self.csrf = self.client.cookies.get("csrftoken", "")
        self.maps: list[str] = []

    @task(3)
    def home(self):
        page = self.client.get("/", name="главная")
        # Панель мониторинга есть не у всех ролей: открываем её, только если она в меню.
        self.has_dashboard = 'href="/monitoring/"' in page.text

    @task(3)
    def open_map(self):
        if not self.maps:
            listing = self.client.get("/roadmaps/", name="список карт")
            self.maps = sorted({m[0] for m in MAP_LINK.findall(listing.text)})
        if self.maps:
            self.client.get(random.choice(self.maps), name="карта")

    @task(2)
    def edit_item(self):
        if not self.can_edit:
            return
        if not self.maps:
            self.open_map()
        if not self.maps:
            return
        page = self.client.get(random.choice(self.maps), name="карта")
        items = editable_items(page.text)
        if not items:
            return  # эту карту человек только читает (чужая или утверждённая) — правит в другой раз
        url = random.choice(items)
        headers = {"HX-Request": "true", "X-CSRFToken": self.csrf, "Referer": self.host + "/"}
        form = self.client.get(url, headers=headers, name="мероприятие: форма")
        data = form_fields(form.text)
        name = "мероприятие: сохранить"
        with self.client.post(url, data=data, headers=headers, name=name, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"сохранение: {r.status_code}")
            elif "Пока вы правили" in r.text:
                r.success()  # конфликт версий с другим виртуальным пользователем — ожидаемый исход
            elif "has-error" in r.text or "form-errors" in r.text:
                r.failure("форма мероприятия вернулась с ошибками")

    @task(1)
    def dashboard(self):
        if self.has_dashboard is True:
            self.client.get("/monitoring/", name="мониторинг")


class FederalStaff(RoleUser):
    email = "federal@demo.500plus.ru"


class RegionalStaff(RoleUser):
    email = "minobr.perm@demo.500plus.ru"


class RegionalCoordinator(RoleUser):
    email = "coordinator.perm@demo.500plus.ru"
    can_edit = True


class MunicipalCoordinator(RoleUser):
    email = "mun.myshkin@demo.500plus.ru"
    can_edit = True


class Curator(RoleUser):
    email = "curator.myshkin@demo.500plus.ru"


class SchoolTeam(RoleUser):
    email = "school.myshkin@demo.500plus.ru"
    can_edit = True
