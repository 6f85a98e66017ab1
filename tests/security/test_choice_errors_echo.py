"""Ошибка выбора из списка повторяет присланное значение не длиннее 100 знаков: иначе поле формы
с мегабайтом текста возвращается мегабайтом сообщения (стандартные поля выбора Django повторяют всё)."""

import pytest
from django import forms
from django.urls import reverse

from accounts.models import Role
from schools.models import School

HUGE = "ж" * 5000


class ChoiceForm(forms.Form):
    single = forms.ChoiceField(choices=[("a", "a")])
    typed = forms.TypedChoiceField(choices=[(1, "1")], coerce=int)
    several = forms.MultipleChoiceField(choices=[("a", "a")])


def test_every_choice_error_echo_is_cut():
    form = ChoiceForm({"single": HUGE, "typed": HUGE, "several": [HUGE]})
    assert not form.is_valid()
    for name in ("single", "typed", "several"):
        (message,) = form.errors[name]
        assert "жжж" in message and len(message) < 200, (name, len(message))


@pytest.mark.django_db
def test_model_choice_errors_echo_is_cut():
    field = forms.ModelMultipleChoiceField(queryset=School.objects.all())
    with pytest.raises(forms.ValidationError) as error:
        field.clean([HUGE])
    assert all(len(message) < 200 for message in error.value.messages)


def test_invite_form_with_a_huge_role_answers_a_short_message(world, client_for):
    client = client_for(world["a"][Role.REGIONAL_COORDINATOR])
    response = client.post(
        reverse("people:person_invite"),
        {"email": "x@example.ru", "last_name": "Иванова", "first_name": "Анна", "role": HUGE},
    )
    assert response.status_code == 200
    assert "ж" * 101 not in response.content.decode()
