"""Исполнение мероприятия — отдельная страница, открытая и в утверждённой карте: хозяин карты и
ответственные за мероприятие отмечают состояние, дату, факт и комментарий весь год. Правка плана —
в редакторе карты (views_items), только пока план не закрыт."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

import access as scoping
from config.web import run_service
from roadmaps import selectors, services
from roadmaps.forms import ItemExecutionForm


@require_http_methods(["GET", "POST"])
def item_execution(request, item_id: int):
    item = selectors.item_prefetched(user=request.user, item_id=item_id)
    if not scoping.can_update_execution(request.user, item):
        raise PermissionDenied(
            "Отмечать исполнение могут хозяин карты и ответственные за это мероприятие люди."
        )
    form = ItemExecutionForm(request.POST or None, instance=item)
    conflict = None
    if request.method == "POST" and form.is_valid():
        expected = form.cleaned_data.get("version") or 0
        try:
            saved = run_service(
                request,
                form,
                lambda: services.item_execution_update(
                    actor=request.user, item=item, expected_version=expected, **form.service_kwargs()
                ),
                success="Исполнение мероприятия сохранено.",
            )
        except services.EditConflict as error:
            conflict = error.current
            data = request.POST.copy()
            data["version"] = conflict.version
            form = ItemExecutionForm(data, instance=conflict)
            saved = None
        if saved:
            return redirect(
                reverse("roadmaps:detail", kwargs={"roadmap_id": item.roadmap_id}) + f"#item-{item.pk}"
            )
    if conflict is not None:
        messages.warning(
            request,
            "Пока вы заполняли форму, исполнение уже изменили: сейчас — "
            f"«{conflict.get_status_display()}». Проверьте и сохраните ещё раз.",
        )
    return render(
        request,
        "roadmaps/item_execution.html",
        {
            "item": item,
            "roadmap": item.roadmap,
            "number": selectors.item_number(item),
            "form": form,
            "plan_closed": scoping.plan_closed_reason(item.roadmap),
            "can_edit_plan": scoping.can_edit_roadmap(request.user, item.roadmap),
        },
    )
