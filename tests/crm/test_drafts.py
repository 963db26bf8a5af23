"""Drafts: the built-in templates, user overrides, mailto: links and .eml files."""

from __future__ import annotations

import datetime as dt
import email
import string
from email import policy
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given, strategies as st

from crm.followup import drafts
from crm.errors import InvalidValue

BUILT_IN = sorted(p.name for p in resources.files("crm.followup").joinpath("templates").iterdir() if p.name.endswith(".txt"))
CTX = drafts.DraftContext("Dr. Jane Q. Doe", "Backend Engineer", "Acme", dt.datetime(2026, 3, 10, 14, 0),
                          dt.date(2026, 3, 20), "Sam Smith", "jane@acme.com")


def test_every_kind_has_a_built_in_template():
    assert BUILT_IN == sorted(f"{k}.txt" for k in drafts.KINDS)


@pytest.mark.parametrize("name", BUILT_IN)
def test_built_in_templates_use_only_known_placeholders(name):
    text = resources.files("crm.followup").joinpath("templates", name).read_text(encoding="utf-8")
    assert text.startswith("Subject: ")
    used = {m.group("named") or m.group("braced") for m in string.Template.pattern.finditer(text)} - {None}
    assert used <= set(drafts.PLACEHOLDERS), f"{name}: unknown placeholders {used - set(drafts.PLACEHOLDERS)}"


@pytest.mark.parametrize("kind", drafts.KINDS)
def test_every_draft_greets_by_first_name_names_the_role_and_closes_politely(kind):
    d = drafts.render(kind, CTX)
    assert d.body.startswith("Hi Jane,\n\n")
    assert "Acme" in d.subject + d.body
    assert d.body.endswith("Best regards,\nSam Smith\n")
    assert "$" not in d.subject + d.body and "\n\n\n" not in d.body
    assert len(d.body.split()) < 120, "a follow-up should stay short"


def test_thank_you_in_full():
    d = drafts.render("thank-you", CTX)
    assert (d.to, d.subject) == ("jane@acme.com", "Thank you - Backend Engineer at Acme")
    assert d.body == (
        "Hi Jane,\n\n"
        "Thank you for taking the time to speak with me on Tuesday 10 March about the Backend Engineer role at Acme.\n"
        "I enjoyed our conversation and came away even more interested in the role and the team.\n\n"
        "Could you confirm the next steps, and whether Friday 20 March is still the expected decision date?\n\n"
        "Best regards,\nSam Smith\n"
    )


def test_without_a_decision_date_the_draft_asks_for_one():
    d = drafts.render("check-in", drafts.DraftContext("Jane Doe", "Engineer", "Acme"))
    assert "Could you let me know the next steps, and when you expect to make a decision?" in d.body
    assert d.body.endswith("Best regards,\n")


def test_a_user_template_overrides_the_built_in_one(tmp_path: Path):
    (tmp_path / "check-in.txt").write_text("Subject: Hello $first_name\n\nAny news about $role at $company?\n")
    d = drafts.render("check-in", CTX, tmp_path)
    assert (d.subject, d.body) == ("Hello Jane", "Any news about Backend Engineer at Acme?\n")


def test_the_data_directory_templates_folder_is_used_by_default():
    drafts.template_dir().mkdir(parents=True)
    (drafts.template_dir() / "reply.txt").write_text("Subject: Re\n\nThanks, $first_name.\n")
    assert drafts.render("reply", CTX).body == "Thanks, Jane.\n"


@pytest.mark.parametrize(("text", "error"), [
    ("Hello $first_name\n\nbody\n", "must start with a 'Subject:' line"),
    ("Subject: Hi\n\nHello $nickname\n", r"unknown placeholder \$nickname: use \$first_name, "),
    ("Subject: Hi\n\nIt costs $ 5\n", r"a stray '\$' \(line 1, col 10\): write \$\$ for a dollar sign"),
    ("Subject: Hi\n\nHallo Jürgen $first_name\n".encode("latin-1"), "is not UTF-8"),
])
def test_a_broken_user_template_is_a_clear_error(tmp_path: Path, text: str | bytes, error: str):
    file = tmp_path / "reply.txt"
    file.write_bytes(text) if isinstance(text, bytes) else file.write_text(text)
    with pytest.raises(InvalidValue, match=error):
        drafts.render("reply", CTX, tmp_path)


def test_unknown_kind():
    with pytest.raises(InvalidValue, match="unknown draft kind"):
        drafts.render("nudge", CTX)


def test_mailto_link_round_trips():
    d = drafts.render("thank-you", CTX)
    link = urlsplit(drafts.mailto(d))
    query = parse_qs(link.query)
    assert (link.scheme, link.path) == ("mailto", "jane@acme.com")
    assert query["subject"] == [d.subject] and query["body"] == [d.body]
    assert " " not in drafts.mailto(d) and "\n" not in drafts.mailto(d)


def test_eml_is_an_unsent_rfc_5322_message():
    d = drafts.render("after-apply", CTX)
    msg = email.message_from_bytes(bytes(drafts.as_message(d)), policy=policy.default)
    assert msg["X-Unsent"] == "1"
    assert msg["To"].addresses[0].addr_spec == "jane@acme.com"
    assert msg["Subject"] == d.subject
    assert msg.get_content() == d.body


def test_eml_without_an_address_has_no_to_header():
    d = drafts.render("after-apply", drafts.DraftContext("Jane Doe", "Engineer", "Acme"))
    assert "To" not in drafts.as_message(d)


@pytest.mark.parametrize(("name", "first"), [
    ("Jane Doe", "Jane"), ("Dr. Jane Q. Doe", "Jane"), ("Doe, Jane", "Jane"), ("Madonna", "Madonna"), ("", "there"),
])
def test_first_name(name, first):
    assert drafts.first_name(name) == first


@given(st.text(min_size=1, max_size=40), st.text(max_size=40), st.text(max_size=40))
def test_any_names_render_without_error_or_leftover_placeholders(name, role, company):
    d = drafts.render("check-in", drafts.DraftContext(name, role, company))
    assert d.body.startswith("Hi ") and "$next_steps" not in d.body and "$interest" not in d.body
