"""Свой профиль. Страницы людей региона (приглашение, роли, отключение) — в people/."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts import services
from accounts.forms import ProfileForm
from config.web import run_service


@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and run_service(
        request,
        form,
        lambda: services.person_update(person=request.user, **form.cleaned_data),
        success="Профиль сохранён.",
    ):
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})
