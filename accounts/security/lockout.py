"""Ответ django-axes при блокировке: та же русская страница входа, одинаковая для любых логинов."""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.forms.utils import ErrorDict
from django.shortcuts import render

LOCKOUT_MESSAGE = (
    "Слишком много неудачных попыток входа. Вход с этого адреса для этой эл. почты временно закрыт "
    "на {minutes} мин. Если вы забыли пароль, воспользуйтесь восстановлением пароля."
)


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return LOCKOUT_MESSAGE.format(minutes=minutes)


def lockout_response(request, original_response=None, credentials=None, *args, **kwargs):
    """Для входа в админку — её шаблон, для сайта — наш; статус 429 в обоих случаях."""
    username = (credentials or {}).get("username", "") if isinstance(credentials, dict) else ""
    form = AuthenticationForm(request, initial={"username": username})
    template = "admin/login.html" if request.path.startswith("/admin/") else "registration/login.html"
    context = {"form": form, "lockout_message": lockout_message(), "next": request.GET.get("next", "")}
    if template.startswith("admin/"):
        from django.contrib import admin

        context.update(admin.site.each_context(request))
        # Шаблон входа в админку показывает только ошибки формы: кладём сообщение туда.
        form.cleaned_data = {}
        form._errors = ErrorDict()
        form.add_error(None, context["lockout_message"])
    return render(request, template, context, status=429)
