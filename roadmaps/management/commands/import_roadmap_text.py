"""``python manage.py import_roadmap_text ФАЙЛ --region 33 [--municipality НАЗВАНИЕ] [--replace]``:
дорожная карта из таблицы Word/HTML, сохранённой текстом, — в базу, с отчётом о том, что прочитано."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from roadmaps.importers.drafts import ImportFormatError, MapDraft
from roadmaps.importers.load import find_existing, import_draft
from roadmaps.importers.responsibles import match_responsibles
from roadmaps.importers.text_tables import read_seed
from roadmaps.models import RoadMap
from roadmaps.periods import PeriodKind
from schools.models import Municipality, Organisation, Region, search_key


class Command(BaseCommand):
    help = (
        "Загружает дорожную карту из текстового файла (таблица Word/HTML, ячейки через табуляцию). "
        "Карта того же владельца на тот же год не дублируется: без --replace файл пропускается."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="текстовый файл с дорожной картой")
        parser.add_argument("--region", required=True, help="код субъекта РФ, например 33")
        parser.add_argument("--municipality", help="название муниципалитета — для муниципальной карты")
        parser.add_argument("--year", type=int, help="год карты, если в документе его нет")
        parser.add_argument("--replace", action="store_true", help="заменить уже загруженную карту")

    def handle(self, *args, **options):
        try:
            draft = read_seed(options["path"])
        except ImportFormatError as exc:
            raise CommandError(str(exc)) from exc
        if options["year"]:
            draft.year = options["year"]
        region, municipality = self._owner(options["region"], options["municipality"])
        owner = {"region": region, "municipality": municipality}
        try:
            existing = find_existing(draft, **owner)
            if existing is not None and not options["replace"]:
                self.stdout.write(
                    f"Карта «{existing.owner}» на {existing.year} год уже загружена — файл пропущен. "
                    "Чтобы заменить её, запустите команду с --replace."
                )
                return
            roadmap = import_draft(draft, replace=options["replace"], **owner)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self._report(draft, roadmap, replaced=existing is not None)

    def _owner(self, code: str, municipality_name: str | None):
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise CommandError(f"Регион с кодом «{code}» не найден.")
        if not municipality_name:
            return region, None
        municipality = Municipality.objects.filter(
            region=region, search_text=search_key(municipality_name)
        ).first()
        if municipality is None:
            raise CommandError(f"Муниципалитет «{municipality_name}» в регионе «{region}» не найден.")
        return region, municipality

    def _report(self, draft: MapDraft, roadmap: RoadMap, *, replaced: bool) -> None:
        write = self.stdout.write
        write(f"Файл «{draft.source_name}» прочитан как таблица: {draft.layout}.")
        write(
            self.style.SUCCESS(
                f"{'Заменена' if replaced else 'Загружена'} {roadmap.get_level_display()} дорожная карта "
                f"«{roadmap.title}» на {roadmap.year} год ({roadmap.owner}): "
                f"разделов {roadmap.sections.count()}, мероприятий {roadmap.items.count()}."
            )
        )
        if roadmap.approval_document:
            write(f"Утверждена: {roadmap.approval_document}.")
        if roadmap.municipal_deadline:
            write(f"Срок сдачи муниципальных карт: до {roadmap.municipal_deadline:%d.%m.%Y}.")

        items = list(
            roadmap.items.order_by("section__position", "position").prefetch_related(
                "responsible_organisations"
            )
        )
        flagged = [item for item in items if item.period_flagged]
        write(f"Сроков, требующих внимания: {len(flagged)}.")
        for item in flagged:
            write(f"  {_label(item)}: «{item.period_text or '—'}» — {_why_flagged(item, roadmap.year)}")

        self._report_responsibles(roadmap, items)
        for warning in draft.warnings:
            write(f"Замечание: {warning}")
        if draft.working_group:
            people = "; ".join(f"{m.name} ({m.workplace}, {m.position})" for m in draft.working_group)
            table = draft.working_group_title or "Состав рабочей группы"
            write(
                f"Таблица «{table}» ({len(draft.working_group)} чел.) в карту не записана — "
                f"это не мероприятия: {people}."
            )
        if draft.footnotes:
            write(f"Сноски документа ({len(draft.footnotes)}) не записаны: " + " | ".join(draft.footnotes))

    def _report_responsibles(self, roadmap: RoadMap, items) -> None:
        with_text = [item for item in items if item.responsible_text]
        if not with_text:
            self.stdout.write("Графы «Ответственные» в документе нет.")
            return
        organisations = list(Organisation.objects.filter(region=roadmap.region))
        matched = sum(1 for item in with_text if item.responsible_organisations.all())
        self.stdout.write(
            f"Ответственные организации распознаны у {matched} из {len(with_text)} мероприятий."
        )
        for item in with_text:
            _, rest = match_responsibles(item.responsible_text, organisations)
            if rest:
                self.stdout.write(f"  {_label(item)}: не распознано «{rest}» — осталось текстом.")


def _why_flagged(item, year: int) -> str:
    if not item.period_text:
        return "срок не указан"
    if item.period_kind in (PeriodKind.UNPARSED, PeriodKind.EVENT):
        return item.get_period_kind_display()
    return f"{item.get_period_kind_display()}, за пределами {year} года"


def _label(item) -> str:
    if item.source_number:
        return f"п. {item.source_number}"
    return f"«{item.description.splitlines()[0][:50]}»"
