"""`python -m app screening new|list|close`: a round made, listed with its coverage, closed only when told."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.cli import main


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchall()


@pytest.fixture
def ledger(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    db = tmp_path / "ledger.db"
    assert main(["demo", "--db", str(db), "--people", "60", "--seed", "4", "--today", "2020-02-01"]) == 0
    capsys.readouterr()
    return db


def test_new_list_and_close_with_gaps(ledger: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(ledger)
    grids = [name for (name,) in _rows(ledger, "SELECT name FROM grid ORDER BY sort_order")]
    new = ["screening", "new", "--name", "第二轮拉网排查", "--from", "2020-02-03", "--to", "2020-02-09"]
    assert main([*new, "--grids", f"{grids[0]},{grids[1]}", "--db", db]) == 0
    said = capsys.readouterr().out
    assert "已新建排查轮次 1：第二轮拉网排查（2020-02-03 至 2020-02-09）" in said
    assert f"范围：{grids[0]}、{grids[1]}" in said
    assert _rows(ledger, "SELECT round_id, grid_id FROM round_grid ORDER BY grid_id") == [(1, 1), (1, 2)]

    due = _rows(ledger, "SELECT count(*) FROM household WHERE grid_id IN (1, 2)")[0][0]
    assert main(["screening", "list", "--db", db]) == 0
    listed = capsys.readouterr().out
    assert listed.startswith("1  第二轮拉网排查  2020-02-03 至 2020-02-09  进行中")
    assert f"已排查 0/{due} 户（未走访 {due}，待复查 0，拒绝 0）" in listed
    worker = _rows(ledger, "SELECT worker FROM grid WHERE id = 1")[0][0]
    assert f"\n    {grids[0]}（{worker}）：已排查 0/" in listed  # each grid of the round on its own line

    trail = _rows(ledger, "SELECT count(*) FROM audit_entry")
    assert main(["screening", "close", "--round", "1", "--db", db, "--today", "2020-02-09"]) == 2
    refused = capsys.readouterr().err
    assert f"还有 {due} 户没有排查完" in refused and "未走访" in refused and "--accept-gaps" in refused
    assert _rows(ledger, "SELECT status FROM screening_round") == [("进行中",)]
    assert _rows(ledger, "SELECT count(*) FROM audit_entry") == trail  # nothing written

    assert main(["screening", "close", "--round", "1", "--accept-gaps", "--db", db, "--today", "2020-02-09"]) == 0
    assert "已结束排查轮次 1：第二轮拉网排查（2020-02-09）" in capsys.readouterr().out
    ((status, closed_on, note),) = _rows(ledger, "SELECT status, closed_on, closing_note FROM screening_round")
    assert (status, closed_on) == ("已结束", "2020-02-09")
    assert str(note).startswith(f"结束时尚有 {due} 户未排查完")
    assert main(["screening", "list", "--db", db]) == 0
    assert "已结束 2020-02-09" in capsys.readouterr().out


def test_an_unknown_grid_is_refused_and_nothing_written(ledger: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = ["screening", "new", "--name", "补充排查", "--from", "2020-02-03", "--to", "2020-02-04"]
    assert main([*new, "--grids", "九十九组", "--db", str(ledger)]) == 2
    assert "没有名为“九十九组”的网格" in capsys.readouterr().err
    assert _rows(ledger, "SELECT count(*) FROM screening_round") == [(0,)]


def test_a_round_over_every_grid_by_default(ledger: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = ["screening", "new", "--name", "第一轮拉网排查", "--from", "2020-02-03", "--to", "2020-02-04"]
    assert main([*new, "--db", str(ledger)]) == 0
    grids = _rows(ledger, "SELECT count(*) FROM grid")
    assert _rows(ledger, "SELECT count(*) FROM round_grid") == grids
