"""scenarios.backup_folder: backups named for the moment they were made, written whole, the newest N kept, no
other file touched."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios.backup_folder import backup_name, backups_in, new_backup, prune, write_private

UTC = dt.UTC
T = dt.datetime(2026, 12, 7, 2, 30, 5, tzinfo=UTC)


def test_a_backup_is_named_for_its_moment_in_utc():
    assert backup_name(T) == "bcf-backup-20261207T023005Z.json"
    assert backup_name(T, 2) == "bcf-backup-20261207T023005Z-2.json"
    # a time with an offset is written as UTC; a naive one is taken as UTC
    bst = dt.timezone(dt.timedelta(hours=1))
    assert backup_name(dt.datetime(2026, 7, 1, 0, 15, tzinfo=bst)) == "bcf-backup-20260630T231500Z.json"
    assert backup_name(dt.datetime(2026, 7, 1, 0, 15)) == "bcf-backup-20260701T001500Z.json"


def test_a_file_is_written_whole_for_its_owner_only(tmp_path):
    path = tmp_path / "b.json"
    write_private(path, "{}")
    assert path.read_text(encoding="utf-8") == "{}" and os.stat(path).st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.json"]
    with pytest.raises(OSError):
        write_private(tmp_path / "no" / "b.json", "{}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.json"]  # no .partial left


def test_new_backups_in_one_second_get_the_next_number_and_sort_in_order(tmp_path):
    folder = tmp_path / "deep" / "backups"
    made = [new_backup(folder, f'{{"n": {i}}}', T) for i in range(3)]
    made.append(new_backup(folder, '{"n": 3}', T + dt.timedelta(seconds=1)))
    assert [p.name for p in made] == ["bcf-backup-20261207T023005Z.json", "bcf-backup-20261207T023005Z-2.json",
                                      "bcf-backup-20261207T023005Z-3.json", "bcf-backup-20261207T023006Z.json"]
    assert backups_in(folder) == made
    assert os.stat(folder).st_mode & 0o777 == 0o700
    assert [p.read_text(encoding="utf-8") for p in made] == [f'{{"n": {i}}}' for i in range(4)]


def test_pruning_keeps_the_newest_and_touches_no_other_file(tmp_path):
    others = ["notes.txt", "bcf-backup-latest.json", "bcf-backup-20200101T000000Z.json.partial",
              "bcf-backup-20261207T023005Z-0.json", "old-bcf-backup-20200101T000000Z.json"]
    for name in others:
        (tmp_path / name).write_text("keep me", encoding="utf-8")
    (tmp_path / "bcf-backup-20261201T000000Z.json").mkdir()  # a folder so named is no backup
    made = [new_backup(tmp_path, "{}", T + dt.timedelta(days=d)) for d in (3, 1, 2, 0)]
    removed = prune(tmp_path, 2)
    assert removed == [made[3], made[1]]  # the oldest two, oldest first
    assert backups_in(tmp_path) == [made[2], made[0]]
    assert all((tmp_path / name).read_text(encoding="utf-8") == "keep me" for name in others)
    assert prune(tmp_path, 5) == [] and len(backups_in(tmp_path)) == 2
    with pytest.raises(ValueError):
        prune(tmp_path, 0)
    assert backups_in(tmp_path / "not-there") == []


@settings(max_examples=40, deadline=None)
@given(st.lists(st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2099, 12, 31)), min_size=1,
                max_size=8), st.integers(1, 9))
def test_the_ones_kept_are_the_newest_by_their_moment(tmp_path_factory, moments, keep):
    folder = tmp_path_factory.mktemp("b")
    for i, when in enumerate(moments):
        new_backup(folder, str(i), when)
    prune(folder, keep)
    kept = sorted(int(p.read_text(encoding="utf-8")) for p in backups_in(folder))
    # newest by moment (to the second), made later first among equal seconds
    order = sorted(range(len(moments)), key=lambda i: (moments[i].replace(microsecond=0), i))
    assert kept == sorted(order[-keep:])
