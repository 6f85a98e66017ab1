"""Промежуточные слои надёжности: одна отправка формы — один результат; брокер недоступен — человек
видит, что работа начнётся позже; гонка за уникальность — сообщение вместо ошибки 500."""

from __future__ import annotations

import contextlib
import hashlib
import logging

from django.contrib import messages
from django.db import DatabaseError, IntegrityError, transaction
from django.http import HttpResponse, HttpResponseRedirect

from jobs.enqueue import QUEUED_LATER_MESSAGE, collected_failures, start_collecting_failures
from jobs.models import SubmittedForm

logger = logging.getLogger(__name__)

TOKEN_FIELD = "_submit_token"
DUPLICATE_MESSAGE = "Эта форма уже отправлена — показан результат первой отправки."
RACE_MESSAGE = (
    "Такая запись уже есть — её только что сохранили (в другой вкладке или другим человеком). "
    "Проверьте данные и при необходимости отправьте форму ещё раз."
)


class BrokerOutageMessageMiddleware:
    """Постановка в очередь не дошла до брокера (jobs.enqueue) — добавляет сообщение к ответу."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = start_collecting_failures()
        try:
            response = self.get_response(request)
        finally:
            failures = collected_failures(token)
        if failures and hasattr(request, "_messages"):
            messages.warning(request, QUEUED_LATER_MESSAGE)
            response.headers.setdefault("X-Queued-Later", "1")
        return response


def _succeeded(request, response) -> str:
    """Адрес результата удачной отправки: переход (обычный или htmx), а для ответа htmx на месте
    (сервис отметил успех, config.web.run_service) — страница, с которой отправили форму.
    Пусто — форма вернулась с ошибками."""
    if 300 <= response.status_code < 400 and response.has_header("Location"):
        return response["Location"]
    hx = response.headers.get("HX-Redirect") or response.headers.get("HX-Location")
    if hx:
        return hx
    if getattr(request, "submit_once_succeeded", False) and response.status_code < 400:
        return request.headers.get("HX-Current-URL") or request.headers.get("Referer") or request.path
    return ""


class SubmitOnceMiddleware:
    """Форма с одноразовым ключом ({% submit_once %}): первая отправка выполняется, ключ и адрес её
    результата сохраняются в той же транзакции; вторая такая же (двойной щелчок, вторая вкладка, повтор
    браузера) ждёт первую на уникальном индексе и получает её результат — второй записи не бывает."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = request.POST.get(TOKEN_FIELD, "")[:64] if request.method == "POST" else ""
        if not raw or not request.user.is_authenticated:
            return self.get_response(request)
        # Ключ — вместе с адресом: у одной формы бывают кнопки с разными formaction.
        token = hashlib.sha256(f"{raw}|{request.path}".encode()).hexdigest()
        try:
            with transaction.atomic():
                record = SubmittedForm.objects.create(token=token, user=request.user, path=request.path[:500])
                response = self.get_response(request)
                if getattr(request, "_submit_once_failed", False):
                    transaction.set_rollback(True)
                    return response
                result = _succeeded(request, response)
                if result:
                    SubmittedForm.objects.filter(pk=record.pk).update(result_url=result[:500])
                else:  # форма с ошибками: ключ не расходуется, исправленную форму можно отправить
                    SubmittedForm.objects.filter(pk=record.pk).delete()
                return response
        except IntegrityError:
            first = SubmittedForm.objects.filter(token=token).first()
            if first is None or first.user_id != request.user.pk:
                return self.get_response(request)
            messages.info(request, DUPLICATE_MESSAGE)
            target = first.result_url or request.get_full_path()
            if request.headers.get("HX-Request"):  # htmx: вся страница перезагружается с первым результатом
                return HttpResponse(headers={"HX-Redirect": target})
            return HttpResponseRedirect(target)

    def process_exception(self, request, exception):
        """Нарушение уникальности на POST (две вкладки создали одно и то же) — назад к форме с сообщением."""
        if request.method != "POST" or not isinstance(exception, IntegrityError):
            return None
        logger.warning("Гонка за уникальность на %s: %s", request.path, exception)
        request._submit_once_failed = True
        if transaction.get_connection().in_atomic_block:
            with contextlib.suppress(DatabaseError):
                transaction.set_rollback(True)
        messages.error(request, RACE_MESSAGE)
        return HttpResponseRedirect(request.get_full_path())
