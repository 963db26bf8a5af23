"""`crm due` follows real mail: a synced message moves the cadence exactly as the same touch logged by hand."""

from __future__ import annotations

import datetime as dt

from crm import store
from crm.followup.settings import Settings
from crm.store.models import Interaction, MailMessage
from tests.crm.mail import corpus as c
from tests.crm.mail.conftest import configure, seed_store

DAYS = [dt.date(2026, 11, d) for d in (13, 20, 24, 27, 29)] + [dt.date(2026, 12, 3)]


def _plans() -> list[list[tuple]]:
    return [[(i["contact"]["name"], i["kind"], i["due_on"], i["rule"], i["reason"])
             for i in store.plan_due(day, Settings()).items] for day in DAYS]


def test_synced_mail_plans_like_the_same_touches_logged_by_hand(db, seeded, crm) -> None:
    seed_store()
    configure(crm, seeded)
    crm("mail", "sync")
    rows = list(Interaction.select().order_by(Interaction.id))
    from_mail = _plans()
    # The same touches, typed in by hand: same person, application, kind, direction and time.
    MailMessage.delete().execute()
    Interaction.delete().execute()
    for r in rows:
        store.log_interaction(r.person, r.kind, application=r.application, direction=r.direction,
                              occurred_at=r.occurred_at, today=dt.date(2026, 11, 29))
    assert from_mail == _plans()
    # And what that plan is: Bob's check-in from the mail client restarted his clock (due 11-26, not 11-19);
    # Jane's reply asks for an answer instead of a check-in.
    by_day = dict(zip(DAYS, from_mail))
    assert ("Bob Li", "check-in", "2026-11-26", "check-in/7d",
            "no reply since your message on 2026-11-19 (check-in 2 of 2)") in by_day[dt.date(2026, 11, 27)]
    jane = [i for i in by_day[dt.date(2026, 11, 29)] if i[0] == "Jane Doe"]
    assert [i[1] for i in jane] == ["reply"]


def test_a_reply_stops_the_check_ins(db, dovecot, crm) -> None:
    ids = seed_store()
    dovecot.append("Sent", [c.plain(f"Me <{c.ME}>", "bob@globex.example", "Data Engineer", "Hi Bob, I applied.",
                                    "2026-11-12", msgid="<s1@example.org>")])
    configure(crm, dovecot)
    crm("mail", "sync")
    before = store.plan_due(dt.date(2026, 11, 29), Settings()).items
    assert [(i["contact"]["name"], i["kind"]) for i in before if i["application"]["id"] == ids["globex"]] == [
        ("Bob Li", "check-in")]
    dovecot.append("INBOX", [c.plain("Bob Li <bob@globex.example>", c.ME, "Re: Data Engineer",
                                     "Thanks, we will be in touch next week.", "2026-11-28", msgid="<r1@globex.example>")])
    crm("mail", "sync")
    after = store.plan_due(dt.date(2026, 11, 29), Settings()).items
    assert [(i["kind"], i["due_on"]) for i in after if i["application"]["id"] == ids["globex"]] == [
        ("reply", "2026-11-29")]
    # ... and a check-in is due again a week after our answer, not before.
    dovecot.append("Sent", [c.plain(f"Me <{c.ME}>", "bob@globex.example", "Re: Data Engineer", "Great, thanks!",
                                    "2026-11-29", msgid="<s2@example.org>")])
    crm("mail", "sync")
    later = store.plan_due(dt.date(2026, 12, 6), Settings(), within=7).items
    assert [(i["kind"], i["due_on"]) for i in later if i["application"]["id"] == ids["globex"]] == [
        ("check-in", "2026-12-06")]


def test_a_bounced_address_shows_in_due_contact_show_and_json(db, dovecot, crm) -> None:
    seed_store()
    dovecot.append("Sent", [c.plain(f"Me <{c.ME}>", "bob@globex.example", "Data Engineer", "Hi Bob, I applied.",
                                    "2026-11-12", msgid="<s1@example.org>")])
    dovecot.append("INBOX", [c.dsn("bob@globex.example", "Data Engineer", "2026-11-12", msgid="<dsn-b@example.org>")])
    configure(crm, dovecot)
    crm("mail", "sync")
    import json

    due = json.loads(crm("due", "--json").output)
    assert [i["reason"] for i in due if i["contact"]["name"] == "Bob Li"] == [
        "no reply since your message on 2026-11-12 (check-in 1 of 2); address bounced on 2026-11-12: find another"]
    show = crm("contact", "show", "Bob Li").output
    assert "bob@globex.example (address bounced on 2026-11-12: find another)" in show
    assert '"email_bounced_on": "2026-11-12"' in crm("contact", "show", "Bob Li", "--json").output
    # A new address for Bob: the old bounce no longer speaks for him.
    crm("contact", "edit", "Bob Li", "--email", "bob.li@globex.example")
    assert "bounced" not in crm("due", "--json").output and "bounced" not in crm("contact", "show", "Bob Li").output
