"""Personal codes for the simulators (which must not import the portal's profiles)."""

from __future__ import annotations

import datetime as dt

_WEIGHTS_1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 1)
_WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 1, 2, 3)


def estonian_check_digit(first_ten: str) -> int:
    digits = [int(c) for c in first_ten]
    remainder = sum(d * w for d, w in zip(digits, _WEIGHTS_1, strict=True)) % 11
    if remainder == 10:
        remainder = sum(d * w for d, w in zip(digits, _WEIGHTS_2, strict=True)) % 11
    return 0 if remainder == 10 else remainder


def estonian_code(born: dt.date, female: bool, serial: int) -> str:
    century = {18: 1, 19: 3, 20: 5, 21: 7}[born.year // 100] + (1 if female else 0)
    first_ten = f"{century}{born:%y%m%d}{serial % 1000:03d}"
    return first_ten + str(estonian_check_digit(first_ten))


def is_plausible_code(profile: str, code: str) -> bool:
    """Format (and, for Estonia, check digit) of a typed-in personal code."""
    if not code.isascii() or not code.isdigit():
        return False
    if profile == "XK":
        return len(code) == 10 and code != "0" * 10
    if len(code) != 11 or code[0] not in "12345678":
        return False
    return estonian_check_digit(code[:10]) == int(code[10])


# 3**18 is coprime with 10**9, so `serial -> serial * _XK_MULTIPLIER mod 10**9` is a bijection: every
# serial gets its own number, and neighbouring serials do not look sequential.
_XK_MULTIPLIER = 387_420_489
_XK_OFFSET = 271_828_182


def kosovo_code(serial: int) -> str:
    """A 10-digit Kosovo personal number for `serial` (0 <= serial < 10**9); distinct serials give
    distinct numbers. Kosovo numbers carry no check digit that the simulators rely on."""
    if not 0 <= serial < 10**9:
        raise ValueError("serial must be in 0..999999999")
    return "1" + f"{(serial * _XK_MULTIPLIER + _XK_OFFSET) % 10**9:09d}"
