from django import forms

from roadmaps.forms import DATE_WIDGET


class StageForm(forms.Form):
    title = forms.CharField(label="название этапа", max_length=100, initial="1-й этап")
    date = forms.DateField(
        label="дата этапа",
        widget=DATE_WIDGET,
        help_text="В этот день (по местному времени региона) снимок снимется сам.",
    )
