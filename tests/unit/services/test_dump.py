"""`dump --json`, streamed: the same canonical bytes as the whole dump serialised at once."""

from __future__ import annotations

import io
import json

from sqlalchemy import select

from minorifamiglie.domain.canonical import canonical_json
from minorifamiglie.services import attachments, cases, demo, dump
from minorifamiglie.storage.capture import row_values
from minorifamiglie.storage.profile import OpenProfile
from support.clock import TODAY


def whole_at_once(opened: OpenProfile) -> str:
    """What dump printed before it streamed: every live ORM row's values, serialised at once."""
    out = {}
    with opened.session() as session:
        for model in dump.DUMPED:
            rows = session.execute(
                select(model).where(model.deleted_at.is_(None)).order_by(model.id)
            ).scalars()
            out[model.__tablename__] = [row_values(r) for r in rows]
    return canonical_json(out)


def test_streamed_dump_is_the_canonical_json_of_every_live_row(opened: OpenProfile) -> None:
    # Given a profile with demo cases and visits, and an attachment
    demo.generate(opened, cases=6, seed=4, today=TODAY)
    case = cases.list_cases(opened)[0]
    attachments.add_attachment(opened, case.id, filename="relazione.txt", content=b"testo di prova")
    # When it is dumped, piece by piece and through the writer the command line uses
    text = dump.dump_json(opened)
    out = io.StringIO()
    dump.write_dump(opened, out)
    # Then both are the canonical JSON of all the live rows, attachment contents left out
    assert text == whole_at_once(opened)
    assert out.getvalue() == text + "\n"
    tables = json.loads(text)
    assert list(tables) == sorted(tables) and len(tables["visits"]) > 0
    assert all("content" not in row for row in tables["attachments"])
    assert dump.dump(opened) == tables


def test_a_new_profile_dumps_every_table(opened: OpenProfile) -> None:
    tables = json.loads(dump.dump_json(opened))
    assert set(tables) == {model.__tablename__ for model in dump.DUMPED}
    assert dump.dump_json(opened) == whole_at_once(opened)


def test_stored_shapes_the_application_never_writes_dump_as_the_orm_reads_them(
    opened: OpenProfile,
) -> None:
    # Given rows edited behind the application's back: a time stamp without microseconds, a
    # visit's start time without seconds (the shapes an older SQLite tool might leave)
    demo.generate(opened, cases=2, seed=5, today=TODAY)
    with opened.session() as session:
        conn = session.connection()
        conn.exec_driver_sql("UPDATE cases SET updated_at = '2026-11-24 10:00:00'")
        conn.exec_driver_sql("UPDATE visits SET start_time = '09:30'")
    # When it is dumped, then the bytes are those of the ORM's values
    text = dump.dump_json(opened)
    assert text == whole_at_once(opened)
    assert '"updated_at":"2026-11-24T10:00:00.000000+00:00"' in text
