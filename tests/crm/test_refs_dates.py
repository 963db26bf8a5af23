"""REF resolution and date parsing over open-ended input (hypothesis)."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm import store
from crm.dates import parse_date, parse_datetime
from crm.errors import Ambiguous, InvalidValue, NotFound
from crm.store.models import database
from crm.store.refs import resolve_application, resolve_company, resolve_contact

# ASCII only: SQLite's LOWER() folds ASCII letters alone, so that is the case-insensitivity promised.
NAMES = st.text(st.sampled_from("abcXYZ -'."), min_size=1, max_size=8).map(str.strip).filter(
    lambda s: any(c.isalpha() for c in s))
DAYS = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 31))
EXAMPLES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(autouse=True)
def memory_db() -> Iterator[None]:
    from crm.store.db import close_db, init_db

    init_db("sqlite:///:memory:")
    yield
    close_db()


@contextlib.contextmanager
def scratch() -> Iterator[None]:
    """Rows written inside are rolled back, so each hypothesis example starts empty."""
    with database.atomic() as tx:
        yield
        tx.rollback()


@EXAMPLES
@given(names=st.lists(NAMES, min_size=1, max_size=6), pick=st.integers(min_value=0))
def test_contact_by_name_any_case(names: list[str], pick: int) -> None:
    with scratch():
        ids = [store.add_contact(n, allow_duplicate=True).id for n in names]  # namesakes on purpose
        wanted = names[pick % len(names)]
        same = [i for i, n in zip(ids, names) if n.lower() == wanted.lower()]
        if len(same) == 1:
            assert resolve_contact(f"  {wanted.swapcase()} ").id == same[0]
        else:
            with pytest.raises(Ambiguous) as e:
                resolve_contact(wanted.swapcase())
            assert all(f"#{i} " in str(e.value) for i in same[:5])
            assert str(e.value).endswith("; use the id")
        assert resolve_contact(f"#{ids[-1]}").id == ids[-1]


def _starts_words(ref: str, name: str) -> bool:
    from crm.store.search import fold, words

    mine, theirs = [fold(w) for w in words(ref)], [fold(w) for w in words(name)]
    return bool(mine) and all(any(t.startswith(w) for t in theirs) for w in mine)


@EXAMPLES
@given(names=st.lists(NAMES, min_size=1, max_size=4), absent=NAMES)
def test_unknown_contact_is_not_found(names: list[str], absent: str) -> None:
    with scratch():
        for n in names:
            store.add_contact(n, allow_duplicate=True)
        if absent.lower() not in {n.lower() for n in names}:
            # A REF that is no name may start the words of one ("lena" for "Léna Martin"): that one only.
            hits = [n for n in names if _starts_words(absent, n)]
            if not hits:
                with pytest.raises(NotFound, match="no contact matches"):
                    resolve_contact(absent)
            elif len(hits) == 1:
                assert resolve_contact(absent).name == hits[0]
            else:
                with pytest.raises(Ambiguous):
                    resolve_contact(absent)
        with pytest.raises(NotFound, match="no contact with id 999"):
            resolve_contact("999")


@EXAMPLES
@given(title=NAMES, company=NAMES, n=st.integers(min_value=1, max_value=10_000))
def test_application_by_url_title_or_title_at_company(title: str, company: str, n: int) -> None:
    with scratch():
        c, _ = store.company_for(company, create=True)
        url = f"https://jobs.example/{n}"
        app = store.add_application(url, c, title=title)
        assert resolve_application(url).id == app.id
        assert resolve_application(title.upper()).id == app.id
        assert resolve_application(f"{title} at {c.name}".lower()).id == app.id
        with pytest.raises(NotFound):
            resolve_application(f"https://jobs.example/{n + 1}/")


@pytest.mark.parametrize("ref", ["acme", "ACME, INC", "Acme Inc.", "acme.example", "1", "#1"])
def test_company_refs(ref: str) -> None:
    acme = store.add_company("Acme, Inc.", domain="acme.example")
    assert resolve_company(ref).id == acme.id


@given(DAYS)
def test_iso_dates_round_trip(day: dt.date) -> None:
    assert parse_date(f" {day.isoformat()} ") == day


@given(word=st.sampled_from(["today", "yesterday", "tomorrow"]), upper=st.booleans(), today=DAYS)
def test_relative_words(word: str, upper: bool, today: dt.date) -> None:
    expected = {"today": 0, "yesterday": -1, "tomorrow": 1}[word]
    assert parse_date(word.upper() if upper else word, today) == today + dt.timedelta(days=expected)


@given(st.text(max_size=20))
def test_any_text_is_a_date_or_a_clear_error(text: str) -> None:
    try:
        parse_date(text)
    except InvalidValue as e:
        assert str(e).startswith(f"bad date {text!r}: use YYYY-MM-DD")


@given(when=st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2999, 12, 31)),
       sep=st.sampled_from([" ", "T"]))
def test_datetimes_round_trip_to_the_minute(when: dt.datetime, sep: str) -> None:
    when = when.replace(second=0, microsecond=0)
    assert parse_datetime(when.strftime(f"%Y-%m-%d{sep}%H:%M")) == when
    assert parse_datetime(when.date().isoformat()) == dt.datetime.combine(when.date(), dt.time(9, 0))


@pytest.mark.parametrize("text", ["2026-02-30", "2026-1-5", "05/01/2026", "next week", "", "2026-11-01x"])
def test_bad_dates(text: str) -> None:
    with pytest.raises(InvalidValue, match="bad date"):
        parse_date(text)


@pytest.mark.parametrize("text", ["0999-12-31", "3000-01-01", "9999-12-30"])
def test_years_outside_the_supported_range_are_bad_dates(text: str) -> None:
    with pytest.raises(InvalidValue, match="use a year from 1900 to 2999"):
        parse_date(text)
