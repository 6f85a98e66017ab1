"""Ссылки только http(s): службы отказывают javascript:, data:, vbscript: (и их маскировкам),
а фильтр шаблона не выводит такую ссылку, даже если она попала в базу в обход служб."""

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from roadmaps import services
from schools.services import school_save
from tests.factories import RegionFactory, SchoolFactory, make_roadmap

BAD_LINKS = [
    "javascript:alert(document.domain)",
    "JaVaScRiPt:alert(1)",
    " java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "ftp://files.example.ru/a",
]


@pytest.mark.parametrize("link", BAD_LINKS)
def test_item_service_refuses_non_http_links(db, link):
    roadmap = make_roadmap(region=RegionFactory())
    with pytest.raises(ValidationError) as error:
        services.item_create(
            actor=None, roadmap=roadmap, description="Семинар", links=f"https://ok.ru\n{link}"
        )
    assert "links" in error.value.message_dict
    assert "http://" in error.value.message_dict["links"][0]


def test_item_service_accepts_http_and_https(db):
    roadmap = make_roadmap(region=RegionFactory())
    item = services.item_create(
        actor=None, roadmap=roadmap, description="Семинар", links="https://ok.ru/a\nhttp://old.example.ru"
    )
    assert item.link_list == ["https://ok.ru/a", "http://old.example.ru"]


@pytest.mark.parametrize("link", BAD_LINKS[:5])
def test_evidence_service_refuses_non_http_url(db, link):
    roadmap = make_roadmap(region=RegionFactory(), items=1)
    with pytest.raises(ValidationError):
        services.evidence_add(actor=None, item=roadmap.items.get(), url=link)


@pytest.mark.parametrize("link", BAD_LINKS[:5])
def test_school_website_refuses_non_http_url(db, link):
    school = SchoolFactory()
    with pytest.raises(ValidationError):
        school_save(
            school=school,
            municipality=school.municipality,
            full_name=school.full_name,
            short_name=school.short_name,
            website=link,
        )


def test_error_message_echo_is_cut_to_100_characters(db):
    roadmap = make_roadmap(region=RegionFactory())
    with pytest.raises(ValidationError) as error:
        services.item_create(actor=None, roadmap=roadmap, description="x", links="javascript:" + "a" * 5000)
    assert len(error.value.message_dict["links"][0]) < 250


@pytest.mark.parametrize("link", BAD_LINKS[:5])
def test_template_filter_neutralises_stored_bad_link(link):
    template = Template('{% load security_tags %}<a href="{{ link|safe_url }}">x</a>')
    html = template.render(Context({"link": link}))
    assert html == '<a href="#">x</a>'


def test_template_filter_keeps_good_link():
    html = Template('{% load security_tags %}<a href="{{ link|safe_url }}">x</a>').render(
        Context({"link": "https://ok.ru/?a=1&b=2"})
    )
    assert html == '<a href="https://ok.ru/?a=1&amp;b=2">x</a>'
