"""Показатели мониторинга (из DOMAIN.md): что считается, как называется и по каким словам показатель
узнаётся в тексте мероприятия. Без импорта моделей — его читают и модели дорожных карт."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import models


class Figure(models.TextChoices):
    ITEMS_DONE = "items_done", "Доля исполненных мероприятий дорожной карты"
    SCHOOLS_VISITED = "schools_visited", "Доля ОО, посещённых кураторами"
    PROFILES_VERIFIED = "profiles_verified", "Доля ОО с проверенным РПШ и не менее чем двумя направлениями"
    CONCEPT_CONFIRMED = (
        "concept_confirmed",
        "Доля ОО с концептуальными документами, подтверждёнными куратором",
    )
    STAGE1_CONFIRMED = "stage1_confirmed", "Доля ОО с подтверждёнными документами мониторинга (1 этап)"
    STAGE2_CONFIRMED = "stage2_confirmed", "Доля ОО с подтверждёнными документами мониторинга (2 этап)"
    MAPS_APPROVED = "maps_approved", "Доля муниципалитетов с утверждённой муниципальной картой"
    RISK_DECREASED = "risk_decreased", "Доля ОО, успешно преодолевших рисковый профиль"


@dataclass(frozen=True)
class FigureSpec:
    figure: Figure
    numerator: str  # поле строки показателей (FigureRow) с числителем
    denominator: str
    short: str  # подпись в таблицах и на графиках — простыми словами (полное — в подсказке)
    patterns: tuple[str, ...]  # все шаблоны должны найтись в тексте показателя (нижний регистр, ё→е)


SPECS: tuple[FigureSpec, ...] = (
    FigureSpec(
        Figure.ITEMS_DONE,
        "items_done",
        "items_total",
        "мероприятия выполнены",
        (r"(исполн|выполн|реализ)\w*", r"мероприят"),
    ),
    FigureSpec(
        Figure.SCHOOLS_VISITED,
        "schools_visited",
        "schools_total",
        "школы посещены куратором",
        (r"посещ", r"куратор"),
    ),
    FigureSpec(
        Figure.PROFILES_VERIFIED,
        "profiles_verified",
        "schools_total",
        "профиль риска проверен",
        (r"(верифиц|провер|подтвержд)\w*", r"(рисков\w* профил|рпш)"),
    ),
    FigureSpec(
        Figure.CONCEPT_CONFIRMED,
        "concept_confirmed",
        "schools_total",
        "концепция и программа подтверждены",
        (r"(концептуальн|концепци|программ\w* развития|антириск)",),
    ),
    FigureSpec(
        Figure.STAGE1_CONFIRMED,
        "stage1_confirmed",
        "schools_total",
        "документы 1-го этапа мониторинга",
        (r"(перв\w*|1)\s*(этап|-?го этапа)", r"(подтвержд|документ)"),
    ),
    FigureSpec(
        Figure.STAGE2_CONFIRMED,
        "stage2_confirmed",
        "schools_total",
        "документы 2-го этапа мониторинга",
        (r"(втор\w*|2)\s*(этап|-?го этапа)", r"(подтвержд|документ)"),
    ),
    FigureSpec(
        Figure.MAPS_APPROVED,
        "maps_approved",
        "municipalities_total",
        "муниципальные карты утверждены",
        (r"муниципальн\w* (дорожн\w* )?карт",),
    ),
    FigureSpec(
        Figure.RISK_DECREASED,
        "risk_decreased",
        "schools_total",
        "риски снижены",
        (r"(преодол|снижен|снизил)\w*", r"(риск|рпш)"),
    ),
)
SPEC_BY_FIGURE = {spec.figure: spec for spec in SPECS}
# Порядок, в котором показатели идут в сводках: мероприятия, потом школьные, потом муниципальные.
SCHOOL_FIGURES = [s for s in SPECS if s.denominator == "schools_total"]


def suggest_figure(indicator_text: str) -> Figure | None:
    """Показатель, который узнаётся в тексте («Доля ОО …, посещенных кураторами» → посещения)."""
    text = (indicator_text or "").casefold().replace("ё", "е")
    if not text.strip():
        return None
    for spec in SPECS:
        if all(re.search(pattern, text) for pattern in spec.patterns):
            return spec.figure
    return None


def share(numerator: int | None, denominator: int | None) -> float | None:
    """Доля в процентах; без знаменателя доли нет (не ноль: «не к чему относить»)."""
    if not denominator:
        return None
    return round(100.0 * (numerator or 0) / denominator, 1)
