"""户号 for households that have none: grid order and a running number, e.g. 03-0012."""

from __future__ import annotations


class NumberAllocator:
    """Hands out free numbers per grid, skipping those already taken."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken
        self._next: dict[int, int] = {}

    def next(self, grid_order: int, start: int = 1) -> str:
        seq = max(self._next.get(grid_order, 1), start)
        while format_number(grid_order, seq) in self.taken:
            seq += 1
        self._next[grid_order] = seq + 1
        number = format_number(grid_order, seq)
        self.taken.add(number)
        return number


def format_number(grid_order: int, seq: int) -> str:
    return f"{grid_order:02d}-{seq:04d}"
