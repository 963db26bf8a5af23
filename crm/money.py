"""Salary ranges as people write them: "90k-120k EUR", "€60,000–70,000", "$150k", "80 000 - 95 000 CHF".

Pure parsing and formatting; the store keeps whole units (`salary_min`, `salary_max`) and an ISO
4217 `currency` code.
"""

from __future__ import annotations

import re

from crm.errors import InvalidValue

# Symbols and words people write for a currency, mapped to its ISO 4217 code.
SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB", "₪": "ILS",
           "zł": "PLN", "kr": "SEK", "fr": "CHF", "chf": "CHF", "us$": "USD", "a$": "AUD", "c$": "CAD",
           "ca$": "CAD", "au$": "AUD", "nz$": "NZD", "hk$": "HKD", "s$": "SGD", "r$": "BRL"}
_AMOUNT = re.compile(r"(\d+(?:[ ,.'\u00a0\u202f]\d{3})*(?:[.,]\d+)?)\s*([kKmM]?)")
_CODE = re.compile(r"\b([A-Za-z]{3})\b")


def _amount(number: str, suffix: str) -> int:
    digits = re.sub(r"[ ,.'\u00a0\u202f](?=\d{3}\b)", "", number)  # thousands separators
    value = float(digits.replace(",", "."))
    return round(value * {"k": 1_000, "m": 1_000_000}.get(suffix.lower(), 1))


def _currency(text: str) -> str:
    low = text.lower()
    for symbol in sorted(SYMBOLS, key=len, reverse=True):
        if symbol in low and (not symbol.isalpha() or re.search(rf"\b{re.escape(symbol)}\b", low)):
            return SYMBOLS[symbol]
    for code in _CODE.findall(text):
        if code.upper() not in ("TO", "BIS") and code.isalpha():
            return code.upper()
    return ""


def parse_salary(text: str) -> tuple[int | None, int | None, str]:
    """(low, high, currency) from a range or one figure; "" gives (None, None, ""). `InvalidValue` when
    there is no figure or the low end is above the high end."""
    raw = (text or "").strip()
    if not raw:
        return None, None, ""
    amounts = _AMOUNT.findall(raw)
    if not amounts or len(amounts) > 2:
        raise InvalidValue(f"bad salary {raw!r}: expected a figure or a range like \"90k-120k EUR\"")
    values = [_amount(n, s) for n, s in amounts]
    if len(values) == 2 and not amounts[0][1] and amounts[1][1]:
        values[0] = _amount(*amounts[0]) * {"k": 1_000, "m": 1_000_000}[amounts[1][1].lower()]  # "90-120k"
    low, high = values[0], values[-1]
    if low > high:
        raise InvalidValue(f"bad salary {raw!r}: the low end is above the high end")
    return low, high, _currency(_AMOUNT.sub(" ", raw))


def salary_label(low: int | None, high: int | None, currency: str) -> str:
    """ "90,000-120,000 EUR", "150,000 USD", or "" when no figure is known."""
    if low is None and high is None:
        return ""
    figures = [f"{v:,}" for v in dict.fromkeys(v for v in (low, high) if v is not None)]
    return "-".join(figures) + (f" {currency}" if currency else "")
