"""Заголовки защиты: строгая CSP без unsafe-inline, Permissions-Policy, без Server; в шаблонах — ни одного
встроенного скрипта, обработчика событий или атрибута style."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from accounts.models import Role

TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR).glob("*/templates")]


def _directives(header: str) -> dict[str, list[str]]:
    parts = [p.strip().split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


def test_csp_header_is_strict(client, world):
    client.force_login(world["a"][Role.REGIONAL_COORDINATOR])
    response = client.get(reverse("roadmaps:list"))
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_login_page_has_csp_permissions_policy_and_no_server_header(client, db):
    response = client.get(reverse("login"))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "Server" not in response.headers


def _html_templates():
    for directory in TEMPLATE_DIRS:
        for path in directory.rglob("*.html"):
            if "/pdf/" in str(path):  # шаблоны PDF читает WeasyPrint, не браузер
                continue
            yield path


def test_templates_have_no_inline_scripts_handlers_or_styles():
    offenders = []
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
    handler = re.compile(r"\son[a-z]+\s*=", re.I)
    style_attr = re.compile(r"\sstyle\s*=", re.I)
    js_url = re.compile(r"javascript:", re.I)
    for path in _html_templates():
        text = path.read_text(encoding="utf-8")
        for name, pattern in (
            ("script", inline_script),
            ("handler", handler),
            ("style", style_attr),
            ("javascript:", js_url),
        ):
            if pattern.search(text):
                offenders.append(f"{path.relative_to(settings.BASE_DIR)}: {name}")
        if "<style" in text.lower():
            offenders.append(f"{path.relative_to(settings.BASE_DIR)}: <style>")
    assert offenders == []


def test_htmx_is_configured_for_csp(client, world):
    client.force_login(world["a"][Role.CURATOR])
    html = client.get(reverse("home")).content.decode()
    assert '"allowEval": false' in html and '"includeIndicatorStyles": false' in html
