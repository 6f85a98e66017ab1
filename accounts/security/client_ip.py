"""Адрес клиента для блокировки входа (django-axes) и журнала событий безопасности.

Без прокси — REMOTE_ADDR. За TRUSTED_PROXY_COUNT доверенными прокси (nginx в docker compose — один)
адрес клиента — в X-Forwarded-For на этом месте с конца: каждый прокси дописывает в конец адрес того,
кто к нему подключился. Всё, что левее, прислал сам клиент, — этому не верим (иначе подделкой заголовка
обходилась бы блокировка «логин + IP»). Заголовок короче, чем прокси, или не IP — REMOTE_ADDR.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def request_client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if len(hops) < proxies:
        return remote
    candidate = hops[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
