"""Подтверждения исполнения мероприятия: список, добавление файла или ссылки, скачивание через проверку
прав (файлы никогда не лежат по публичному адресу), удаление."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

import access as scoping
from config.web import run_service
from roadmaps import selectors, services
from roadmaps.forms import EvidenceForm
from roadmaps.models import Evidence
from schoolwork import files


@require_http_methods(["GET", "POST"])
def item_evidence(request, item_id: int):
    item = selectors.item_prefetched(user=request.user, item_id=item_id)
    can_edit = scoping.can_update_execution(request.user, item)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(
                "Добавлять подтверждения могут хозяин карты и ответственные за мероприятие люди."
            )
        if run_service(
            request,
            form,
            lambda: services.evidence_add(
                actor=request.user,
                item=item,
                title=form.cleaned_data["title"],
                url=form.cleaned_data["url"],
                file=form.cleaned_data["file"],
            ),
            success="Подтверждение добавлено.",
        ):
            return redirect("roadmaps:item_evidence", item_id=item.pk)
    return render(
        request,
        "roadmaps/item_evidence.html",
        {
            "item": item,
            "roadmap": item.roadmap,
            "number": selectors.item_number(item),
            "form": form,
            "evidence": selectors.evidence_of(item=item),
            "can_edit": can_edit,
            "allowed": files.allowed_labels(),
            "max_size": files.max_size_label(),
        },
    )


def evidence_download(request, evidence_id: int):
    evidence = scoping.get_visible_or_404(request.user, Evidence, evidence_id)
    if not evidence.file:
        raise Http404
    return files.download_response(
        evidence.file.name, evidence.original_name or "файл", evidence.content_type
    )


@require_POST
def evidence_delete(request, evidence_id: int):
    evidence = scoping.get_editable_or_404(request.user, Evidence, evidence_id)
    item_id = evidence.item_id
    services.evidence_delete(evidence=evidence)
    messages.success(request, "Подтверждение удалено.")
    return redirect("roadmaps:item_evidence", item_id=item_id)
