"""Age in full years (周岁), the way forms and the 60-and-over lists count it."""

from __future__ import annotations

from datetime import date

#: Age from which a person is listed among the elderly (60岁以上) in screening and reports.
SENIOR_AGE = 60


def age_on(birth: date, today: date) -> int:
    """Full years on `today`; someone born on 29 February turns a year older on 1 March in common years."""
    if today < birth:
        raise ValueError(f"出生日期 {birth.isoformat()} 晚于 {today.isoformat()}")
    before_birthday = (today.month, today.day) < (birth.month, birth.day)
    return today.year - birth.year - before_birthday
