"""scenarios.store_working: a browser's work in progress kept under its token, for its owner only."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from scenarios import store_working
from scenarios.store import Store
from scenarios.store_tables import working_t


def _store(tmp_path) -> Store:
    return Store(f"sqlite:///{tmp_path / 's.sqlite'}", user="ann")


def test_work_kept_is_found_by_its_token_and_owner_only(tmp_path):
    s = _store(tmp_path)
    book = b"PK\x03\x04" + bytes(range(256)) * 50
    assert s.keep_working("t" * 32, "ann@council.gov.uk", '{"a": 1}', "d1", book)
    found = s.working("t" * 32, "ann@council.gov.uk")
    assert (found.state, found.workbook_digest, found.workbook) == ('{"a": 1}', "d1", book)
    assert found.updated_at.tzinfo is not None
    assert abs(found.updated_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
    assert s.working("t" * 32, "bob@nhs.net") is None  # another user's token gives them nothing
    assert s.working("t" * 32, "") is None
    assert s.working("u" * 32, "ann@council.gov.uk") is None


def test_another_owner_s_token_is_never_written_over(tmp_path):
    s = _store(tmp_path)
    assert s.keep_working("t" * 32, "ann", "ann's", "demo", None)
    assert not s.keep_working("t" * 32, "bob", "bob's", "demo", None)
    assert s.working("t" * 32, "ann").state == "ann's" and s.working("t" * 32, "bob") is None


def test_the_workbook_is_written_only_when_its_digest_changes(tmp_path):
    s = _store(tmp_path)
    assert s.keep_working("t" * 32, "", "1", "d1", b"first")
    with s.engine.connect() as conn:
        stored = conn.execute(select(working_t.c.workbook)).scalar()
    assert stored != b"first" and len(stored) > 0  # compressed
    assert s.keep_working("t" * 32, "", "2", "d1", b"not read: same digest")
    assert (s.working("t" * 32, "").state, s.working("t" * 32, "").workbook) == ("2", b"first")
    assert s.keep_working("t" * 32, "", "3", "demo", None)
    assert s.working("t" * 32, "").workbook is None


def test_work_not_changed_for_thirty_days_is_removed_when_any_is_kept(tmp_path):
    s = _store(tmp_path)
    now = dt.datetime.now(dt.UTC)
    assert store_working.keep(s.engine, "o" * 32, "", "old", "demo", None, now - store_working.MAX_AGE
                              - dt.timedelta(minutes=1))
    assert store_working.keep(s.engine, "r" * 32, "", "recent", "demo", None, now - dt.timedelta(days=29))
    assert s.working("o" * 32, "") is not None
    assert s.keep_working("n" * 32, "", "new", "demo", None)
    assert s.working("o" * 32, "") is None
    assert s.working("r" * 32, "").state == "recent"


def test_work_taken_over_moves_to_the_new_token(tmp_path):
    s = _store(tmp_path)
    assert s.keep_working("a" * 32, "ann", "ann's", "demo", None)
    assert s.working("a" * 32, "bob", move_to="b" * 32) is None and s.working("a" * 32, "ann").state == "ann's"
    assert s.working("a" * 32, "ann", move_to="n" * 32).state == "ann's"
    assert s.working("a" * 32, "ann") is None and s.working("n" * 32, "ann").state == "ann's"
    assert s.keep_working("a" * 32, "ann", "the old tab's next change", "demo", None)  # the old tab starts again
    assert s.working("n" * 32, "ann").state == "ann's"
