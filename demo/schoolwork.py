"""Демо-данные работы со школами Мышкинского МР: посещения куратора (проведённые и плановое) и документы
(один подтверждён куратором, один ждёт проверки). Пишем через сервисы — история как из интерфейса.

Повторный запуск ничего не дублирует: посещение узнаётся по школе, куратору и цели, документ — по школе,
году и виду. То, что в демо поменяли руками (вернули документ, перенесли визит), не откатывается."""

from __future__ import annotations

import datetime
import io
import zipfile
from xml.sax.saxutils import escape

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from schools.models import School
from schoolwork.models import DocumentKind, SchoolDocument, Visit, VisitKind
from schoolwork.services import document_confirm, document_upload, visit_log, visit_plan

MYSHKIN = "Мышкинский муниципальный район"
MAIN_SCHOOL, SECOND_SCHOOL = "МОУ Мышкинская СОШ", "МОУ Крюковская ООШ"
CURATOR, TEAM = "curator.myshkin@demo.500plus.ru", "school.myshkin@demo.500plus.ru"
FIRST_VISIT_DATE = datetime.date(2022, 3, 9)  # накануне проверки профиля 2022 года (демо demo.directory)

FIRST_VISIT = {
    "kind": VisitKind.FIRST,
    "purpose": "Первичное посещение: знакомство с управленческой командой, проверка рискового профиля",
    "participants": "Директор школы\nЗаместитель директора по УВР Волкова И. О.\nРуководители ШМО",
    "findings": "Посещены уроки математики (7 класс) и русского языка (9 класс). Учителя мало используют "
    "дифференцированные задания; мотивация обучающихся 9 класса низкая.",
    "recommendations": "Подтвердить высокий риск по факторам 3 и 10 и выбрать их рисковыми направлениями.",
    "next_steps": "До 25.03 школа готовит проект концепции развития; консультация куратора в апреле.",
}
CONSULTATION = {
    "kind": VisitKind.CONSULTATION,
    "purpose": "Консультация по среднесрочной программе развития",
    "participants": "Заместитель директора по УВР Волкова И. О.",
    "findings": "Разобрали целевые показатели программы: часть показателей не измерима.",
    "recommendations": "Переформулировать показатели через доли обучающихся и педагогов.",
    "next_steps": "Школа загружает доработанную программу; куратор подтверждает её.",
}
PLANNED_PURPOSE = "Мониторинговый визит: ход антирисковых программ"


def docx(title: str, lines: list[str]) -> bytes:
    """Маленький настоящий DOCX (Word его откроет): демо не должно таскать с собой бинарные файлы."""
    paragraphs = "".join(f"<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p>" for text in [title, *lines])
    package = "http://schemas.openxmlformats.org/package/2006"
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    head = '<?xml version="1.0" encoding="UTF-8"?>'
    parts = {
        "[Content_Types].xml": f'{head}<Types xmlns="{package}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main}"/></Types>',
        "_rels/.rels": f'{head}<Relationships xmlns="{package}/relationships">'
        f'<Relationship Id="rId1" Type="{office}" Target="word/document.xml"/></Relationships>',
        "word/document.xml": '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
        f'openxmlformats.org/wordprocessingml/2006/main"><w:body>{paragraphs}</w:body></w:document>',
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode())
    return buffer.getvalue()


def _file(name: str, title: str, lines: list[str]) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name,
        docx(title, lines),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def _ensure_visits(curator: User, main: School, second: School, today: datetime.date) -> int:
    created = 0
    if not Visit.objects.filter(school=main, curator=curator, purpose=FIRST_VISIT["purpose"]).exists():
        visit_log(
            actor=curator,
            school=main,
            date=FIRST_VISIT_DATE,
            **FIRST_VISIT,
            files=[
                _file(
                    "Протокол первичного посещения.docx",
                    "Протокол первичного посещения",
                    [main.full_name, FIRST_VISIT["findings"]],
                )
            ],
        )
        created += 1
    this_year_date = max(datetime.date(today.year, 1, 1), today - datetime.timedelta(days=14))
    if not Visit.objects.filter(school=main, curator=curator, purpose=CONSULTATION["purpose"]).exists():
        visit_log(actor=curator, school=main, date=this_year_date, **CONSULTATION)
        created += 1
    if not Visit.objects.filter(school=second, curator=curator, purpose=PLANNED_PURPOSE).exists():
        visit_plan(
            actor=curator,
            school=second,
            kind=VisitKind.MONITORING,
            purpose=PLANNED_PURPOSE,
            dates=[today + datetime.timedelta(days=14)],
        )
        created += 1
    return created


def _ensure_documents(curator: User, team: User, school: School, year: int) -> int:
    created = 0
    if not SchoolDocument.objects.filter(school=school, year=year, kind=DocumentKind.CONCEPT).exists():
        version = document_upload(
            actor=team,
            school=school,
            year=year,
            kind=DocumentKind.CONCEPT,
            comment="Утверждена педагогическим советом",
            file=_file("Концепция развития.docx", "Концепция развития", [school.full_name]),
        )
        document_confirm(
            actor=curator,
            document=version.document,
            seen_version=version.number,
            comment="Концепция соответствует рисковому профилю школы.",
        )
        created += 1
    if not SchoolDocument.objects.filter(school=school, year=year, kind=DocumentKind.MIDTERM).exists():
        document_upload(
            actor=team,
            school=school,
            year=year,
            kind=DocumentKind.MIDTERM,
            comment="Доработана после консультации куратора",
            file=_file(
                "Среднесрочная программа развития.docx",
                "Среднесрочная программа развития",
                [school.full_name],
            ),
        )
        created += 1
    return created


def load_schoolwork_demo(*, stdout=None) -> None:
    schools = {
        s.short_name: s
        for s in School.objects.filter(
            municipality__name=MYSHKIN, short_name__in=(MAIN_SCHOOL, SECOND_SCHOOL)
        ).select_related("municipality__region")
    }
    users = {u.email: u for u in User.objects.filter(email__in=(CURATOR, TEAM))}
    if len(schools) < 2 or len(users) < 2:
        if stdout:
            stdout.write("Школ или людей Мышкинского МР нет — посещения и документы демо пропущены.")
        return
    main, second = schools[MAIN_SCHOOL], schools[SECOND_SCHOOL]
    today = main.municipality.region.local_today()
    created = _ensure_visits(users[CURATOR], main, second, today)
    created += _ensure_documents(users[CURATOR], users[TEAM], main, today.year)
    if stdout is not None and created:
        stdout.write(f"Работа со школами: создано посещений и документов — {created}.")
