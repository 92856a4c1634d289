"""Age in full years (周岁), the way forms and the 60-and-over lists count it."""

from __future__ import annotations

from datetime import date

#: Age from which a person is listed among the elderly (60岁以上) in screening and reports.
SENIOR_AGE = 60


def age_on(birth: date | None, today: date) -> int | None:
    """Full years on `today`, or None when there is no age to give: no birth date, or one after `today` (a
    computer's clock set back, or a date typed wrong), which forms and papers leave blank rather than fail on.
    Someone born on 29 February turns a year older on 1 March in common years."""
    if birth is None or today < birth:
        return None
    before_birthday = (today.month, today.day) < (birth.month, birth.day)
    return today.year - birth.year - before_birthday
