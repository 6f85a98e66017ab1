from django import forms

from config.plural import ru_count
from roadmaps.models import Level
from search.selectors import KIND_CHOICES, MAX_QUERY_LENGTH, STATE_CHOICES, SearchFilters


class SearchForm(forms.Form):
    q = forms.CharField(label="Что найти", max_length=MAX_QUERY_LENGTH, required=False)
    kind = forms.ChoiceField(label="где", choices=KIND_CHOICES, required=False)
    level = forms.ChoiceField(label="уровень карты", choices=[("", "любой"), *Level.choices], required=False)
    region = forms.TypedChoiceField(label="регион", coerce=int, empty_value=None, required=False)
    year = forms.IntegerField(label="год", min_value=2000, max_value=2100, required=False)
    state = forms.ChoiceField(label="исполнение", choices=STATE_CHOICES, required=False)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "все видимые")] + [(r.pk, r.name) for r in regions]
        self.fields["q"].error_messages["max_length"] = (
            f"Слишком длинный запрос: не больше {ru_count(MAX_QUERY_LENGTH, 'знака', 'знаков', 'знаков')}."
        )
        self.fields["year"].widget.attrs["placeholder"] = "любой"

    def filters(self) -> SearchFilters:
        data = self.cleaned_data
        return SearchFilters(
            query=(data.get("q") or "").strip(),
            kind=data.get("kind") or "",
            level=data.get("level") or "",
            region_id=data.get("region"),
            year=data.get("year"),
            state=data.get("state") or "",
        )
