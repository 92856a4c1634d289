"""Plates as a checkpoint writes them: normalised, checked, and refused with a reason that says what is wrong."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from db.rules.plates import PROVINCES, PlateError, normalise_plate, parse_plate, plate_problem


@pytest.mark.parametrize(
    ("typed", "plate", "kind"),
    [
        ("豫A12345", "豫A12345", "普通"),
        ("鄂AB123C", "鄂AB123C", "普通"),
        ("豫AD12345", "豫AD12345", "新能源小型车"),
        ("豫AFA1234", "豫AFA1234", "新能源小型车"),
        ("豫A12345D", "豫A12345D", "新能源大型车"),
        ("豫A12345F", "豫A12345F", "新能源大型车"),
        ("豫A1234挂", "豫A1234挂", "挂车"),
        ("豫A1234学", "豫A1234学", "教练车"),
        ("豫A1234警", "豫A1234警", "警车"),
        ("沪A1234领", "沪A1234领", "领馆车辆"),
        ("粤Z1234港", "粤Z1234港", "港澳入出境车辆"),
        ("使014578", "使014578", "使馆车辆"),
        # what a clerk types: small letters, spaces, the printed plate's dot, full-width characters
        ("豫a 12345", "豫A12345", "普通"),
        ("豫A·12345", "豫A12345", "普通"),
        ("豫A•D12345", "豫AD12345", "新能源小型车"),
        ("豫Ａ１２３４５", "豫A12345", "普通"),
        ("  鄂 A-12345 ", "鄂A12345", "普通"),
    ],
)
def test_valid_plates_are_taken_normalised(typed: str, plate: str, kind: str) -> None:
    checked = parse_plate(typed)
    assert (checked.text, checked.kind) == (plate, kind)
    assert checked.new_energy == kind.startswith("新能源")
    assert plate_problem(typed) is None


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("A12345", "第一个字应为省份简称"),
        ("中A12345", "“中”不是省份简称"),
        ("豫112345", "第一位应为字母"),
        ("豫I12345", "第一位应为字母"),
        ("豫AO1234", "没有字母 I 和 O"),
        ("豫A1234", "共 6 位"),
        ("豫A123456", "8位车牌是新能源车牌"),
        ("豫AD1234X", "D/F 之后应为1位字母或数字再加4位数字"),
        ("豫A1234AD", "新能源大型车应为5位数字再加 D/F"),
        ("豫A123挂", "挂车车牌应为"),
        ("豫A1234港", "港澳车牌应为“粤Z”开头"),
        ("使01457", "使馆车牌应为"),
        ("豫A12345678", "共 10 位"),
        ("豫A1234*", "号码应为5位字母或数字"),
    ],
)
def test_wrong_plates_are_refused_with_the_reason(typed: str, words: str) -> None:
    with pytest.raises(PlateError, match="车牌") as refused:
        parse_plate(typed)
    assert words in str(refused.value)
    assert plate_problem(typed) == str(refused.value)


def test_a_blank_plate_is_no_problem_but_not_a_plate() -> None:
    assert plate_problem("  ") is None
    with pytest.raises(PlateError, match="为空"):
        parse_plate(" · ")


def test_the_picker_lists_every_province_once() -> None:
    assert len(PROVINCES) == len(set(PROVINCES)) == 31
    assert {"豫", "鄂", "京", "琼", "藏", "蒙"} <= set(PROVINCES)


_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_SERIAL = st.text(alphabet=_LETTERS + "0123456789", min_size=5, max_size=5)


@given(st.sampled_from(PROVINCES), st.sampled_from(_LETTERS), _SERIAL, st.sampled_from(["", " ", "·", "•"]))
def test_every_ordinary_plate_is_taken_however_dotted(province: str, letter: str, serial: str, dot: str) -> None:
    typed = f"{province}{letter.lower()}{dot}{serial}"
    assert parse_plate(typed).text == f"{province}{letter}{serial}"
    assert normalise_plate(typed) == f"{province}{letter}{serial}"


@given(st.sampled_from(PROVINCES), st.sampled_from(_LETTERS), _SERIAL, st.sampled_from("IO"), st.integers(0, 4))
def test_an_i_or_an_o_anywhere_in_the_serial_is_refused(
    province: str, letter: str, serial: str, bad: str, where: int
) -> None:
    typed = f"{province}{letter}{serial[:where]}{bad}{serial[where + 1 :]}"
    with pytest.raises(PlateError, match="I 和 O"):
        parse_plate(typed)
