import functools
import re

from django import template
from django.urls import reverse

from roadmaps.periods import span_label

register = template.Library()


@register.filter
def get_item(mapping, key):
    """Значение словаря по ключу в шаблоне: {{ live|get_item:item.indicator_figure }}."""
    if not mapping:
        return None
    return mapping.get(key)


@functools.cache
def _item_prefix() -> str:
    # «/roadmaps/items/» один раз на процесс: {% url %} в каждой строке карты — сотня reverse() на страницу.
    return reverse("roadmaps:item_row", args=[0])[: -len("0/")]


@register.filter
def item_url(item_id: int, action: str) -> str:
    """Адрес действия с мероприятием: {{ item.pk|item_url:"history" }} → /roadmaps/items/5/history/."""
    return f"{_item_prefix()}{item_id}/{action}/"


def period_dates(item) -> str:
    """Разобранный срок мероприятия словами: «март 2026, октябрь 2026» для нескольких контрольных
    сроков, иначе «01.03.2026 – 31.10.2026» / «до …» / «с …»; пусто, если дат нет."""
    if item.period_checkpoints:
        return ", ".join(span_label(start, end) for start, end in item.checkpoints)
    return span_label(item.period_start, item.period_end)


_YEAR_WORD = re.compile(r"(?<!\w)(?:года|году|год|г\.|г)(?!\w)")


def _plain(text: str) -> str:
    """Срок без слов «год», «г.» и лишних пробелов: «Август 2026 год» и «август 2026» — одно и то же."""
    return " ".join(_YEAR_WORD.sub(" ", text.lower().replace("ё", "е")).split()).strip(" .")


def says_the_same(parsed: str, written: str) -> bool:
    """Разобранный срок повторяет написанный («до 28.01.2021» под «До 28.01.2021») — второй раз
    подряд его не показываем."""
    return bool(parsed) and _plain(parsed) == _plain(written or "")


@register.filter
def period_label(item, year) -> str:
    """Строка под написанным сроком в строке карты — в Python, а не цепочкой условий в шаблоне на каждую
    из 60 строк: разобранные даты («контрольные сроки: март 2026, октябрь 2026», «01.02.2026 – 15.03.2026»,
    «до …»), пусто, если они повторяют написанное; у сомнительного срока — причина «⚠ … · проверьте срок»."""
    dates = period_dates(item)
    if says_the_same(dates, item.period_text):
        return f"⚠ вне {year} года · проверьте срок" if item.period_flagged else ""
    if dates:
        text = f"контрольные сроки: {dates}" if item.period_checkpoints else dates
    else:
        text = item.get_period_kind_display()
    return f"⚠ {text} · проверьте срок" if item.period_flagged else text
