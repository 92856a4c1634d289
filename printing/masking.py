"""Masked ID numbers and phones for papers that leave the office (a sheet left with the family)."""

from __future__ import annotations

import re

from db.rules.id_number import mask_id_number

__all__ = ["mask_id_number", "mask_phone"]

_MOBILE = re.compile(r"1\d{10}")
_LANDLINE = re.compile(r"(0\d{2,3})-(\d{7,8})(?:-(\d+))?")


def mask_phone(phone: str) -> str:
    """138****5678, 0371-****4567, as the roster screen shows them (several numbers joined by "/" each).

    Text that is not a stored number loses all its digits.
    """
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
