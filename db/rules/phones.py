"""How a stored phone is shown where the full number is not needed (screens, papers left at a door)."""

from __future__ import annotations

import re

_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_LANDLINE = re.compile(r"(0[0-9]{2,3})-([0-9]{7,8})(?:-([0-9]{1,6}))?")


def mask_phone(phone: str) -> str:
    """Hide four digits of every number (138****5678, 0371-****4567); text that is not a stored number
    loses all its digits. Several numbers are joined by "/" as forms.parsing.phones stores them."""
    masked = []
    for part in phone.split("/"):
        if _MOBILE.fullmatch(part):
            masked.append(part[:3] + "****" + part[-4:])
        elif (m := _LANDLINE.fullmatch(part)) is not None:
            area, local, extension = m.groups()
            masked.append(f"{area}-****{local[4:]}" + ("-" + "*" * len(extension) if extension else ""))
        else:
            masked.append(re.sub(r"\d", "*", part))
    return "/".join(masked)


def phone_problem(phone: str) -> str | None:
    """Why a phone is not in the stored shape (a mobile, or 区号-号码; several joined by "/"), or None.
    forms.parsing.phones brings what the clerk typed to that shape first."""
    for part in phone.split("/"):
        if not (_MOBILE.fullmatch(part) or _LANDLINE.fullmatch(part)):
            return f"“{part}”不是手机号（11 位）或带区号的固定电话（如 0371-12345678）"
    return None
