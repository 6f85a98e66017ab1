"""Люди региона: список, приглашение, роли с областью, отключение. Свой профиль — в accounts/."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

import access as scoping
from accounts import services as account_services
from accounts.models import Role, User
from config.web import paginate, querystring_without_page, run_service
from people import selectors, services
from people.forms import InviteForm, PersonForm, RoleGrantForm
from schools.models import Region


def _require_people_admin(user):
    if not scoping.can_administer_people(user):
        raise Http404


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def people_list(request):
    _require_people_admin(request.user)
    search = request.GET.get("q", "").strip()
    role = request.GET.get("role", "") if request.GET.get("role", "") in Role.values else ""
    region_id = _int_or_none(request.GET.get("region"))
    people = selectors.people_list(user=request.user, search=search, role=role, region_id=region_id)
    return render(
        request,
        "people/people_list.html",
        {
            "page": paginate(request, people),
            "search": search,
            "role": role,
            "region_id": region_id,
            "roles": Role.choices,
            "regions": scoping.visible(request.user, Region),
            "querystring": querystring_without_page(request),
        },
    )


@require_http_methods(["GET", "POST"])
def person_invite(request):
    _require_people_admin(request.user)
    form = InviteForm(
        request.POST or None, user=request.user, region_hint=_int_or_none(request.GET.get("region"))
    )
    if request.method == "POST":
        invitation = run_service(
            request,
            form,
            lambda: services.person_invite(actor=request.user, **form.cleaned_data),
            success="Учётная запись создана, приглашение отправлено на почту.",
        )
        if invitation:
            return redirect("people:person_detail", person_id=invitation.user_id)
    return render(request, "people/person_invite.html", {"form": form})


@require_http_methods(["GET", "POST"])
def person_detail(request, person_id: int):
    _require_people_admin(request.user)
    person = selectors.person_card(user=request.user, person_id=person_id)
    can_manage = scoping.can_manage_person(request.user, person)
    form = PersonForm(request.POST or None, instance=person, prefix="person") if can_manage else None
    grant_form = (
        RoleGrantForm(user=request.user, prefix="grant", region_hint=_int_or_none(request.GET.get("region")))
        if can_manage
        else None
    )
    if request.method == "POST":
        if not can_manage:
            raise Http404
        if run_service(
            request,
            form,
            lambda: account_services.person_update(person=person, **form.cleaned_data),
            success="Данные сохранены.",
        ):
            return redirect("people:person_detail", person_id=person.pk)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "form": form,
            "grant_form": grant_form,
            "can_manage": can_manage,
        },
    )


@require_POST
def person_grant_role(request, person_id: int):
    _require_people_admin(request.user)
    person = scoping.get_visible_or_404(request.user, User, person_id)
    if not scoping.can_manage_person(request.user, person):
        raise Http404
    form = RoleGrantForm(request.POST, user=request.user, prefix="grant")
    if run_service(
        request,
        form,
        lambda: services.membership_grant(actor=request.user, user=person, **form.cleaned_data),
        success="Роль выдана.",
    ):
        return redirect("people:person_detail", person_id=person.pk)
    person = selectors.person_card(user=request.user, person_id=person_id)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "form": PersonForm(instance=person, prefix="person"),
            "grant_form": form,
            "can_manage": True,
        },
        status=400,
    )


@require_POST
def person_set_active(request, person_id: int):
    _require_people_admin(request.user)
    person = scoping.get_visible_or_404(request.user, User, person_id)
    if not scoping.can_manage_person(request.user, person):
        raise Http404
    active = request.POST.get("active") == "1"
    try:
        services.person_set_active(actor=request.user, person=person, active=active)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Учётная запись включена." if active else "Учётная запись отключена.")
    return redirect("people:person_detail", person_id=person.pk)


@require_POST
def membership_set_active(request, person_id: int, membership_id: int):
    _require_people_admin(request.user)
    person = scoping.get_visible_or_404(request.user, User, person_id)
    if not scoping.can_manage_person(request.user, person):
        raise Http404
    membership = selectors.membership_of_or_404(person=person, membership_id=membership_id)
    active = request.POST.get("active") == "1"
    services.membership_set_active(membership=membership, active=active, actor=request.user)
    messages.success(request, "Роль восстановлена." if active else "Роль отозвана.")
    return redirect("people:person_detail", person_id=person.pk)
