"""Загрузка дорожной карты из файла: приём файла, разбор (в запросе или в фоне), пересборка по
выбору человека (лист, столбцы) и запись в карту — одной транзакцией, с явными подтверждениями."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from config.echo import echo_file_name
from config.plural import ITEMS, ROWS_GEN, ru_count
from roadmaps.importers.drafts import ImportFormatError, MapDraft
from roadmaps.importers.load import _length_problems, write_sections
from roadmaps.importers.pipeline import WARNED_SHARE, column_samples, parse_grid
from roadmaps.importers.readers import needs_conversion, read_file, refuse_early
from roadmaps.importers.responsibles import match_responsibles
from roadmaps.importers.serialize import draft_from_json, draft_to_json
from roadmaps.models import Level, MapStatus, RoadMap, RoadMapImport
from roadmaps.models_import import ImportStatus
from roadmaps.services.common import ensure_editable, figures_changed
from roadmaps.services.maps import roadmap_create
from schools.models import Municipality, Organisation, Region, School

MAX_SHOWN_PROBLEMS = 20  # причин отказа записи — не больше стольких строк и итог
INLINE_MAX_BYTES = int(getattr(settings, "ROADMAP_IMPORT_INLINE_MAX_BYTES", 1024 * 1024))
NEW, REPLACE, APPEND = "new", "replace", "append"
MODES = {
    NEW: "новая карта",
    REPLACE: "заменить все разделы и мероприятия карты (заменённые остаются в истории и возвращаются оттуда)",
    APPEND: "добавить разделы и мероприятия в конец карты",
}


def can_be_replaced(roadmap: RoadMap) -> bool:
    """Муниципальную и школьную карту заменяют, пока она черновик или на доработке; региональную
    (у неё нет рассмотрения) — всегда."""
    return roadmap.level == Level.REGIONAL or roadmap.status in (MapStatus.DRAFT, MapStatus.RETURNED)


@dataclass
class ApplyChoice:
    level: str
    year: int
    title: str
    note: str
    mode: str
    region: Region | None = None
    municipality: Municipality | None = None
    school: School | None = None
    target: RoadMap | None = None  # карта, которую заменяем или дополняем
    confirmed: bool = False


class ConfirmationNeeded(ValidationError):
    """Запись возможна только после явного подтверждения; сообщения называют числа."""


def roadmap_import_start(
    *, actor: User, name: str, data: bytes, target: RoadMap | None = None
) -> RoadMapImport:
    """Принять файл. Небольшой файл разбирается сразу, ещё до сохранения: файл, который не читается
    (макросы, зип-бомба, не таблица), отклоняется с понятным сообщением, и ничего не сохраняется.
    Большой файл или старый .doc/.xls сохраняется и разбирается в фоне с полосой хода."""
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            f"Файл «{echo_file_name(name)}» больше {settings.UPLOAD_MAX_BYTES // (1024 * 1024)} МБ "
            "— загрузите файл поменьше."
        )
    background = needs_conversion(data) or len(data) > INLINE_MAX_BYTES
    parsed = {}
    try:
        if background:
            refuse_early(data, name)
        else:
            parsed = _parse_bytes(data, name, owner=actor, target=target)
    except ImportFormatError as exc:
        raise ValidationError(str(exc)) from exc
    stored = default_storage.save(f"roadmap-imports/{uuid.uuid4().hex}", ContentFile(data))
    batch = RoadMapImport.objects.create(
        created_by=actor,
        file=stored,
        original_name=name[:255],
        size=len(data),
        target=target,
        status=ImportStatus.PARSING if background else ImportStatus.READY,
        progress=0 if background else 100,
        parsed=parsed,
    )
    if background:  # терпимая постановка: брокер недоступен — не 500, подметальщик поставит позже
        from jobs.services import job_dispatch

        job_dispatch(kind="roadmaps.import_parse", obj=batch)
    return batch


def _organisations(user: User, target: RoadMap | None) -> list[Organisation]:
    """Организации регионов, чьи карты человек может заводить (и региона карты, в которую загружает):
    по ним узнаются ответственные и столбец «Ответственные» без заголовка."""
    import access as scoping

    regions, municipalities, schools = scoping.roadmap_owner_choices(user)
    region_ids = set(regions.values_list("pk", flat=True)) | set(
        municipalities.values_list("region_id", flat=True)
    )
    region_ids |= set(schools.values_list("municipality__region_id", flat=True))
    if target is not None:
        region_ids.add(target.region_id)
    return list(scoping.visible(user, Organisation).filter(region_id__in=region_ids))


def _parse_bytes(
    data: bytes,
    name: str,
    *,
    owner: User,
    target: RoadMap | None = None,
    sheet: int | None = None,
    mapping: dict[int, str] | None = None,
) -> dict:
    """Файл → JSON черновика для предпросмотра (с первыми значениями каждого столбца)."""
    grid = read_file(data, name, sheet=sheet)
    organisations = _organisations(owner, target)
    names = [n for o in organisations for n in (o.short_name, o.full_name) if n]
    draft = parse_grid(grid, mapping=mapping, organisation_names=names)
    parsed = draft_to_json(draft, samples=column_samples(grid))
    for section in parsed["sections"]:  # ответственные: узнанные организации и остаток — для предпросмотра
        for item in section["items"]:
            matched, rest = match_responsibles(item["responsible_text"], organisations)
            item["matched"], item["unmatched"] = [o.short_name for o in matched], rest
    return parsed


def roadmap_import_parse(
    *, batch_id: int, sheet: int | None = None, mapping: dict[int, str] | None = None
) -> None:
    """Разобрать сохранённый файл (заново — с выбранным листом и столбцами). Безопасно при повторе:
    строка загрузки блокируется, записанная загрузка не трогается."""
    with transaction.atomic():
        batch = RoadMapImport.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None or batch.status == ImportStatus.APPLIED:
            return
        batch.status, batch.progress = ImportStatus.PARSING, 10
        batch.options = {"sheet": sheet, "mapping": {str(k): v for k, v in (mapping or {}).items()}}
        batch.save(update_fields=["status", "progress", "options"])
    try:
        with default_storage.open(batch.file.name, "rb") as stream:
            data = stream.read()
        RoadMapImport.objects.filter(pk=batch.pk).update(progress=30)
        parsed = _parse_bytes(
            data,
            batch.original_name,
            owner=batch.created_by,
            target=batch.target,
            sheet=sheet,
            mapping=mapping,
        )
        status, error = ImportStatus.READY, ""
    except ImportFormatError as exc:
        parsed, status, error = {}, ImportStatus.FAILED, str(exc)
    except Exception as exc:  # читатель не должен падать; если упал — человеку понятное сообщение
        parsed, status = {}, ImportStatus.FAILED
        error = f"Файл не удалось прочитать ({exc.__class__.__name__})."
    RoadMapImport.objects.filter(pk=batch.pk).exclude(status=ImportStatus.APPLIED).update(
        parsed=parsed, status=status, error=error, progress=100
    )


def confirmations_needed(draft: MapDraft, *, mode: str, target: RoadMap | None) -> list[str]:
    """Что нельзя заменить молча: замена карты меньшим числом мероприятий (или файлом, чья нумерация
    кончается раньше), файлом, где больше 20 % строк с предупреждениями или нумерация обрывается
    или прыгает."""
    items = draft.items
    messages = []
    if mode == REPLACE and target is not None:
        existing = target.items.count()
        if len(items) < existing:
            messages.append(
                f"В карте сейчас {ru_count(existing, *ITEMS)}, а в файле {len(items)}: "
                f"после замены останется {len(items)}."
            )
        top = _top_number(target.items.values_list("source_number", flat=True))
        new_top = _top_number(item.source_number for item in items)
        if top and new_top and new_top < top:
            messages.append(
                f"Нумерация в файле кончается на {'.'.join(map(str, new_top))}, а в карте — на "
                f"{'.'.join(map(str, top))}: похоже, файл обрезан."
            )
        warned = getattr(draft, "warned_row_count", None)
        if warned is None:
            warned = len({warning.row for warning in draft.row_warnings if warning.row})
        if items and warned > WARNED_SHARE * len(items):
            messages.append(
                f"Предупреждения есть у {ru_count(warned, *ROWS_GEN)} из {len(items)} — это больше 20 %."
            )
        if draft.numbering_problems:
            messages.append(
                "Нумерация обрывается или прыгает: " + "; ".join(draft.numbering_problems[:5]) + "."
            )
    return messages


def _top_number(numbers) -> tuple[int, ...] | None:
    parsed = []
    for number in numbers:
        try:
            parsed.append(tuple(int(part) for part in number.split(".") if part))
        except ValueError:
            continue
    return max(parsed) if parsed else None


@transaction.atomic
def roadmap_import_apply(*, actor: User, batch: RoadMapImport, choice: ApplyChoice) -> RoadMap:
    """Записать то, что человек видел в предпросмотре. Одна транзакция: при любой ошибке ничего
    не записано."""
    batch = RoadMapImport.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportStatus.READY:
        raise ValidationError("Этот файл уже записан или ещё не прочитан.")
    roadmap = roadmap_draft_apply(
        actor=actor, draft=draft_from_json(batch.parsed), choice=choice, source_name=batch.original_name
    )
    batch.status, batch.result, batch.applied_at = ImportStatus.APPLIED, roadmap, timezone.now()
    batch.save(update_fields=["status", "result", "applied_at"])
    return roadmap


@transaction.atomic
def roadmap_draft_apply(
    *, actor: User | None, draft: MapDraft, choice: ApplyChoice, source_name: str
) -> RoadMap:
    """Черновик → новая карта, замена разделов и мероприятий карты или дополнение её в конец."""
    if not draft.items:
        raise ValidationError("В файле не найдено ни одного мероприятия — записывать нечего.")
    draft.title, draft.year = choice.title.strip(), choice.year
    if problems := _length_problems(draft):
        shown = problems[:MAX_SHOWN_PROBLEMS]
        if rest := len(problems) - len(shown):
            shown.append(f"…и ещё {rest}: поправьте показанное в файле и загрузите его снова.")
        raise ValidationError(["Документ не помещается в карту:", *shown])
    if choice.mode not in MODES:
        raise ValidationError("Выберите, куда записать карту.")
    if choice.mode != NEW and (choice.target is None or not can_be_replaced(choice.target)):
        raise ValidationError(
            "Заменить или дополнить можно только карту, которая не утверждена и не на рассмотрении."
        )
    if (
        messages := confirmations_needed(draft, mode=choice.mode, target=choice.target)
    ) and not choice.confirmed:
        raise ConfirmationNeeded(messages)

    if choice.mode == NEW:
        roadmap = roadmap_create(
            actor=actor,
            level=choice.level,
            year=choice.year,
            region=choice.region,
            municipality=choice.municipality,
            school=choice.school,
            title=draft.title,
            approval_document=draft.approval_document,
            approval_date=draft.approval_date,
            municipal_deadline=draft.municipal_deadline,
            source_name=source_name[:255],
        )
        roadmap.note, roadmap.approval_number = choice.note.strip(), draft.approval_number[:50]
        roadmap.save(update_fields=["note", "approval_number", "updated_at"])
    else:
        roadmap = choice.target
        ensure_editable(roadmap)
        if choice.mode == REPLACE:
            # По одному объекту, а не QuerySet.delete(): simple-history пишет «удалено» для каждого
            # мероприятия, и заменённые возвращаются со страницы истории.
            for item in roadmap.items.all():
                item.delete()
            for section in roadmap.sections.all():
                section.delete()
            roadmap.title = draft.title or roadmap.title
            roadmap.note = choice.note.strip()
            roadmap.source_name = source_name[:255]
            roadmap.full_clean(validate_constraints=False)
            roadmap.save()
    write_sections(roadmap, draft, actor=actor)
    figures_changed(roadmap)  # замена и дополнение меняют пункты: показатели и подсказки сверки устарели
    return roadmap


def default_level(user: User) -> str:
    import access as scoping

    regions, municipalities, _schools = scoping.roadmap_owner_choices(user)
    if regions.exists():
        return Level.REGIONAL
    if municipalities.exists():
        return Level.MUNICIPAL
    return Level.SCHOOL
