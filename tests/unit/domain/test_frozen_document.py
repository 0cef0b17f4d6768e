"""The frozen document of a signed visit (domain/frozen_document.py): read back as written,
the child's sex included so the sheet says "Nata il" or "Nato il" forever; a document of the
first version, which did not say it, reads as "Nato/a il"."""

from __future__ import annotations

import datetime as dt
import json

from minorifamiglie.domain import frozen_document as fd
from minorifamiglie.reports.visit_sheet import CaseHeading


def a_document(sex: str) -> fd.FrozenDocument:
    return fd.FrozenDocument(
        cooperative="Cooperativa sociale Sentieri di Valle",
        ambito="Valle Brembana",
        comune="Zogno",
        case_code="VBR-2026-0001-AB2",
        service="Assistenza domiciliare minori",
        minor_name="Sara Rota",
        minor_birth_date=dt.date(2016, 4, 12),
        author="Giulia Bianchi",
        closed_by="Giulia Bianchi",
        present=(fd.PresentPerson("Sara Rota", "minore", "Minore in carico"),),
        goals=("Autonomia nei compiti",),
        next_appointment="",
        parent_signature=True,
        minor_sex=sex,
    )


def born_line(doc: fd.FrozenDocument) -> tuple[str, str]:
    heading = CaseHeading(
        doc.cooperative, doc.ambito, doc.case_code, doc.service, doc.minor_name,
        doc.minor_birth_date, doc.comune, minor_sex=doc.minor_sex,
    )  # fmt: skip
    return heading.fields()[-1]


def test_the_childs_sex_is_kept_and_worded() -> None:
    for sex, label in (("F", "Nata il"), ("M", "Nato il"), ("", "Nato/a il")):
        doc = fd.parse(fd.dump(a_document(sex)))
        assert doc == a_document(sex)
        assert born_line(doc) == (label, "12/04/2016")


def test_a_first_version_document_without_the_sex_still_reads() -> None:
    raw = json.loads(fd.dump(a_document("F")))
    del raw["minor_sex"]
    doc = fd.parse(json.dumps(raw))
    assert doc is not None and doc.minor_sex == ""
    raw["minor_sex"] = "X"  # nor does a value it does not know break it
    assert fd.parse(json.dumps(raw)) == a_document("")
