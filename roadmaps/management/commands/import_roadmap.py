"""``python manage.py import_roadmap ФАЙЛ --level … --region КОД [--municipality …] [--school …] --year …
[--replace|--append] [--confirm] [--dry-run]``: разбор тем же конвейером, что в браузере, и запись через
те же сервисы. Карта того же владельца на тот же год не дублируется: без --replace/--append файл
пропускается. Замена меньшим числом мероприятий, много предупреждений или сбитая нумерация — только
с --confirm (команда показывает числа)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from config.plural import ITEMS_GEN, ru_count
from roadmaps.importers.drafts import ImportFormatError
from roadmaps.importers.pipeline import parse_path
from roadmaps.importers.responsibles import match_responsibles
from roadmaps.models import Level, RoadMap
from roadmaps.periods import PeriodKind
from roadmaps.services.imports import (
    APPEND,
    NEW,
    REPLACE,
    ApplyChoice,
    ConfirmationNeeded,
    can_be_replaced,
    confirmations_needed,
    roadmap_draft_apply,
)
from schools.models import Municipality, Organisation, Region, School, search_key


class DryRun(Exception):
    pass


class Command(BaseCommand):
    help = "Загружает дорожную карту из файла (.docx, .xlsx, .odt, .ods, .txt, .csv) в базу."

    def add_arguments(self, parser):
        parser.add_argument("path", help="файл с дорожной картой")
        parser.add_argument(
            "--level", choices=Level.values, help="уровень; по умолчанию — как понят из документа"
        )
        parser.add_argument("--region", required=True, help="код субъекта РФ, например 33")
        parser.add_argument("--municipality", help="название муниципалитета")
        parser.add_argument("--school", help="краткое наименование школы")
        parser.add_argument("--year", type=int, help="год карты, если в документе его нет")
        parser.add_argument("--sheet", type=int, help="номер листа книги, с 1")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--replace", action="store_true", help="заменить разделы и мероприятия карты")
        mode.add_argument("--append", action="store_true", help="дописать в конец карты")
        parser.add_argument(
            "--confirm", action="store_true", help="подтвердить запись, о которой команда предупредила"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="разобрать и проверить, ничего не записывая"
        )

    def handle(self, *args, **options):
        region, municipality, school = self._owner(options)
        names = [
            n for o in Organisation.objects.filter(region=region) for n in (o.short_name, o.full_name) if n
        ]
        sheet = options["sheet"] - 1 if options["sheet"] else None
        try:
            draft = parse_path(
                options["path"],
                level=options["level"],
                year=options["year"],
                sheet=sheet,
                organisation_names=names,
            )
        except ImportFormatError as exc:
            raise CommandError(str(exc)) from exc
        level = (
            options["level"]
            or draft.level
            or (Level.SCHOOL if school else Level.MUNICIPAL if municipality else Level.REGIONAL)
        )
        if draft.year is None:
            raise CommandError("В документе не найден год карты — укажите его: --year ГГГГ.")
        owner = {
            "region": region if level == Level.REGIONAL else None,
            "municipality": municipality if level == Level.MUNICIPAL else None,
            "school": school if level == Level.SCHOOL else None,
        }
        if level == Level.MUNICIPAL and municipality is None:
            raise CommandError(
                "Документ — муниципальная дорожная карта: укажите муниципалитет (--municipality)."
            )
        if level == Level.SCHOOL and school is None:
            raise CommandError("Документ — школьная дорожная карта: укажите школу (--school).")
        existing = RoadMap.objects.filter(
            level=level, year=draft.year, **{k: v for k, v in owner.items() if v}
        ).first()
        mode = REPLACE if options["replace"] else APPEND if options["append"] else NEW
        if existing is not None and mode == NEW:
            self.stdout.write(
                f"Карта «{existing.owner}» на {existing.year} год уже загружена — файл пропущен. "
                "Чтобы заменить её, запустите команду с --replace (дописать — --append)."
            )
            return
        if existing is None and mode != NEW:
            mode = NEW
        choice = ApplyChoice(
            level=level,
            year=draft.year,
            title=draft.title,
            note=draft.preamble,
            mode=mode,
            target=existing,
            confirmed=options["confirm"],
            **owner,
        )
        for flag in draft.flags:
            self.stdout.write(f"Внимание: {flag}")
        try:
            with transaction.atomic():
                if existing is not None and mode == REPLACE and not can_be_replaced(existing):
                    # Команда — инструмент администратора: утверждённую карту заменяет целиком, как раньше.
                    self.stdout.write(
                        f"Карта «{existing.owner}» на {existing.year} год в состоянии "
                        f"«{existing.get_status_display()}» — удаляется и загружается заново."
                    )
                    confirm = confirmations_needed(draft, mode=REPLACE, target=existing)
                    if confirm and not options["confirm"]:
                        raise ConfirmationNeeded(confirm)
                    existing.delete()
                    choice.mode, choice.target, choice.confirmed = NEW, None, True
                roadmap = roadmap_draft_apply(
                    actor=None, draft=draft, choice=choice, source_name=draft.source_name
                )
                self._report(draft, roadmap, mode)
                if options["dry_run"]:
                    raise DryRun
        except DryRun:
            self.stdout.write("Пробный запуск (--dry-run): ничего не записано.")
        except ConfirmationNeeded as exc:
            raise CommandError("Нужно подтверждение (--confirm): " + " ".join(exc.messages)) from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc

    def _owner(self, options):
        region = Region.objects.filter(code=options["region"]).first()
        if region is None:
            raise CommandError(f"Регион с кодом «{options['region']}» не найден.")
        municipality = school = None
        if options["municipality"]:
            municipality = Municipality.objects.filter(
                region=region, search_text=search_key(options["municipality"])
            ).first()
            if municipality is None:
                raise CommandError(
                    f"Муниципалитет «{options['municipality']}» в регионе «{region}» не найден."
                )
        if options["school"]:
            schools = School.objects.filter(municipality__region=region, short_name=options["school"])
            school = schools.select_related("municipality").first()
            if school is None:
                raise CommandError(f"Школа «{options['school']}» в регионе «{region}» не найдена.")
            municipality = municipality or school.municipality
        return region, municipality, school

    def _report(self, draft, roadmap, mode):
        write = self.stdout.write
        verb = {NEW: "Загружена", REPLACE: "Заменена", APPEND: "Дополнена"}[mode]
        write(f"Файл «{draft.source_name}» прочитан как таблица: {draft.layout}.")
        write(
            self.style.SUCCESS(
                f"{verb} {roadmap.get_level_display()} дорожная карта «{roadmap.title}» "
                f"на {roadmap.year} год ({roadmap.owner}): "
                f"разделов {roadmap.sections.count()}, мероприятий {roadmap.items.count()}."
            )
        )
        write(f"Уровень: {draft.level_reason}.")
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
        with_text = [item for item in items if item.responsible_text]
        if with_text:
            organisations = list(Organisation.objects.filter(region=roadmap.region))
            matched = sum(1 for item in with_text if item.responsible_organisations.all())
            of_items = ru_count(len(with_text), *ITEMS_GEN)
            write(f"Ответственные организации распознаны у {matched} из {of_items}.")
            for item in with_text:
                _, rest = match_responsibles(item.responsible_text, organisations)
                if rest:
                    write(f"  {_label(item)}: не распознано «{rest}» — осталось текстом.")
        else:
            write("Графы «Ответственные» в документе нет.")
        for warning in draft.row_warnings:
            write(f"Замечание (строка {warning.row}): {warning.message}")
        if draft.working_group:
            people = "; ".join(f"{m.name} ({m.workplace}, {m.position})" for m in draft.working_group)
            table = draft.working_group_title or "Состав рабочей группы"
            write(
                f"Таблица «{table}» ({len(draft.working_group)} чел.) в карту не записана — "
                f"это не мероприятия: {people}."
            )
        if draft.footnotes:
            write(f"Сноски документа ({len(draft.footnotes)}) не записаны: " + " | ".join(draft.footnotes))


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
