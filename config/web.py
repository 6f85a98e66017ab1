"""Мелкие общие помощники представлений: постраничный вывод и форма, которая вызывает сервис."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from config.versioning import VersionConflict, expected_versions


def paginate(request: HttpRequest, queryset, per_page: int | None = None) -> Page:
    paginator = Paginator(queryset, per_page or settings.PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def run_service(request: HttpRequest, form, call: Callable[[], object], success: str = "") -> object | None:
    """Вызывает сервис для проверенной формы. Ошибки правил предметной области ложатся в форму
    по-русски, а всё, что человек ввёл, остаётся в полях."""
    if not form.is_valid():
        return None
    try:
        # Ожидаемые версии из формы (оптимистическая блокировка, config/versioning.py) — на время службы.
        with expected_versions(getattr(form, "expected_versions", None)):
            result = call()
    except ValidationError as error:
        if isinstance(error, VersionConflict) and hasattr(form, "show_conflict"):
            form.show_conflict(error)
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None
    if success:
        messages.success(request, success)
    # Для одноразового ключа формы (jobs.middleware.SubmitOnceMiddleware): сервис записал результат —
    # повтор той же отправки получит страницу, а не вторую запись (и для ответов htmx без перехода).
    request.submit_once_succeeded = True
    return result


def form_page(
    request: HttpRequest,
    form,
    *,
    save: Callable[[], object],
    success: str,
    done: Callable[[object], HttpResponse],
    title: str,
    cancel_url: str = "",
    template: str = "schools/form.html",
    extra: dict | None = None,
) -> HttpResponse:
    """Страница формы, которая пишет через сервис: GET — форма; POST — сервис; удалось — переход
    (done получает результат сервиса), нет — та же форма с русскими ошибками и введёнными данными."""
    if request.method == "POST":
        saved = run_service(request, form, save, success=success)
        if saved:
            return done(saved)
    context = {"form": form, "title": title, "cancel_url": cancel_url, **(extra or {})}
    return render(request, template, context)
