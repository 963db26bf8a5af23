"""The pure follow-up rules, one rule at a time, on a fixed calendar (day 0 is Monday 2026-03-02)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest

from crm.followup.cadence import Case, Contact, History, Meeting, plan, urgency
from crm.followup.digest import Touch
from crm.followup.settings import Settings

D0 = dt.date(2026, 3, 2)
JANE = Contact(1, "Jane Doe")  # the hiring manager
ROB = Contact(2, "Rob Roe")  # a recruiter
ANN = Contact(3, "Ann Lee")  # an interviewer


def day(n: int) -> dt.date:
    return D0 + dt.timedelta(days=n)


def at(n: int, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day(n), dt.time(hour))


def out(n: int, kind: str, pid: int = 1, app: int | None = 10) -> Touch:
    return Touch(pid, app, at(n), kind, "out")


def came_in(n: int, pid: int = 1, kind: str = "reply", app: int | None = 10) -> Touch:
    return Touch(pid, app, at(n, 15), kind, "in")


def case(status: str = "applied", roles: tuple = ((1, "hiring_manager"),), **kw) -> Case:
    return Case(10, status, kw.pop("applied_on", day(0)), roles=roles, **kw)


def history(*cases: Case, touches: tuple = (), contacts: tuple = (JANE, ROB, ANN)) -> History:
    by: dict[int, list[Touch]] = defaultdict(list)
    for t in sorted(touches, key=lambda t: t.at):
        by[t.person_id].append(t)
    return History(tuple(cases), {c.id: c for c in contacts}, {k: tuple(v) for k, v in by.items()})


def due(h: History, today: int, settings: Settings | None = None) -> list[tuple[str, int, int, str]]:
    """(kind, person, due day, rule) of everything the plan holds on day `today`."""
    return [(d.kind, d.person_id, (d.due_on - D0).days, d.rule) for d in plan(h, day(today), settings).due]


def test_after_apply_note_is_due_two_days_after_applying_to_the_hiring_manager():
    h = history(case(roles=((2, "recruiter"), (1, "hiring_manager"))))
    assert due(h, 0) == [("after-apply", 1, 2, "after-apply/2d")]


@pytest.mark.parametrize("status", ["saved", "offer", "accepted", "withdrawn", "ghosted"])
def test_nothing_is_due_before_applying_or_once_closed(status):
    assert due(history(case(status)), 5) == []


def test_nothing_is_due_without_a_linked_contact():
    assert due(history(case(roles=())), 5) == []


def test_do_not_contact_hiring_manager_falls_back_to_the_recruiter():
    h = history(case(roles=((1, "hiring_manager"), (2, "recruiter"))),
                contacts=(Contact(1, "Jane Doe", do_not_contact=True), ROB))
    assert due(h, 0) == [("after-apply", 2, 2, "after-apply/2d")]


def test_two_check_ins_a_week_apart_then_the_application_goes_cold():
    sent = (out(1, "after-apply"),)
    assert due(history(case(), touches=sent), 5) == [("check-in", 1, 8, "check-in/7d")]
    sent += (out(8, "check-in"),)
    assert due(history(case(), touches=sent), 9) == [("check-in", 1, 15, "check-in/7d")]
    sent += (out(16, "check-in"),)
    assert due(history(case(), touches=sent), 22) == []
    assert plan(history(case(), touches=sent), day(22)).cold == ()
    cold = plan(history(case(), touches=sent), day(23)).cold
    assert [(c.application_id, c.since) for c in cold] == [(10, day(23))]


def test_a_reply_is_due_next_day_and_restarts_the_check_in_count():
    sent = (out(1, "after-apply"), out(8, "check-in"), out(15, "check-in"), came_in(20))
    h = history(case(), touches=sent)
    assert due(h, 20) == [("reply", 1, 21, "reply/1d")]
    h = history(case(), touches=sent + (out(21, "reply"),))
    items = plan(h, day(21)).due
    assert [(d.kind, (d.due_on - D0).days) for d in items] == [("check-in", 28)]
    assert items[0].reason.endswith("(check-in 1 of 2)")


@pytest.mark.parametrize("kind", ["call", "meeting", "interview"])
def test_live_conversations_need_no_written_reply(kind):
    h = history(case(), touches=(out(1, "after-apply"), came_in(3, kind=kind)))
    assert [d.kind for d in plan(h, day(3)).due] == ["check-in"]


def test_interview_supersedes_the_after_apply_note_and_asks_each_interviewer_for_a_thank_you():
    meeting = Meeting(5, at(4, 14), (1, 3), "onsite")
    h = history(case("interviewing", interviews=(meeting,)))
    assert due(h, 4) == [("thank-you", 1, 5, "thank-you/1d"), ("thank-you", 3, 5, "thank-you/1d")]


def test_one_thank_you_covers_every_earlier_interview_with_that_person():
    meetings = (Meeting(5, at(4), (3,)), Meeting(6, at(9), (3,)))
    h = history(case("interviewing", interviews=meetings), touches=(out(9, "thank-you", 3),))
    assert [d.kind for d in plan(h, day(9)).due if d.person_id == 3] == []


def test_without_a_decision_date_the_first_check_in_is_a_week_after_the_thank_you():
    h = history(case("interviewing", interviews=(Meeting(5, at(4), (1,)),)), touches=(out(5, "thank-you"),))
    assert due(h, 6) == [("check-in", 1, 12, "check-in/7d")]


def test_with_a_decision_date_the_first_check_in_waits_a_week_past_it_then_two_more():
    c = case("interviewing", interviews=(Meeting(5, at(4), (1,)),), decision_on=day(14))
    sent = (out(5, "thank-you"),)
    assert due(history(c, touches=sent), 6) == [("check-in", 1, 21, "check-in/decision+7d")]
    for n, when in enumerate((21, 28, 35)):
        assert [d.kind for d in plan(history(c, touches=sent), day(when)).due] == ["check-in"], n
        sent += (out(when, "check-in"),)
    assert due(history(c, touches=sent), 41) == []
    assert len(plan(history(c, touches=sent), day(42)).cold) == 1


def test_no_check_in_while_the_next_interview_is_still_ahead():
    c = case("interviewing", interviews=(Meeting(5, at(4), (1,)), Meeting(6, at(30), (3,))))
    h = history(c, touches=(out(5, "thank-you"),))
    assert due(h, 20) == [("thank-you", 3, 31, "thank-you/1d")]


def test_spacing_moves_a_due_date_after_the_last_message_to_that_person():
    c = case("interviewing", interviews=(Meeting(5, at(4), (1,)),))
    h = history(c, touches=(out(3, "check-in"),))
    items = plan(h, day(4)).due
    assert [(d.kind, (d.due_on - D0).days) for d in items] == [("thank-you", 6)]
    assert "spaced 3 days after your message on 2026-03-05" in items[0].reason


def test_two_items_for_one_person_are_spaced_from_each_other():
    other = Case(11, "applied", day(0), roles=((1, "hiring_manager"),))
    assert due(history(case(), other), 0) == [("after-apply", 1, 2, "after-apply/2d"),
                                               ("after-apply", 1, 5, "after-apply/2d")]


def test_an_overdue_item_spaces_the_next_one_from_today_not_from_its_past_due_date():
    # Both notes are overdue on day 6: sent together that day, they would break the spacing.
    other = Case(11, "applied", day(0), roles=((1, "hiring_manager"),))
    assert due(history(case(), other), 6) == [("after-apply", 1, 2, "after-apply/2d"),
                                               ("after-apply", 1, 9, "after-apply/2d")]


def test_regression_two_check_ins_restarted_by_a_do_not_contact_message_are_not_sent_the_same_day():
    # The world hypothesis found: one hiring manager on two applications, each with an interview at the
    # same hour with a do-not-contact person, whose message about no application restarts both threads.
    ghost = Contact(1, "Do Not", do_not_contact=True)
    jane = Contact(2, "Jane Doe")
    start = dt.datetime(2026, 1, 5, 8)
    cases = [Case(app, "applied", start.date(), roles=((2, "hiring_manager"),),
                  interviews=(Meeting(app * 10, start, (1,)), Meeting(app * 10 + 1, start, (1,))))
             for app in (10, 12)]
    touches = {1: (Touch(1, None, dt.datetime(2026, 1, 5, 15), "reply", "in"),
                   Touch(1, None, dt.datetime(2026, 1, 15, 15), "reply", "in")),
               2: (Touch(2, 10, dt.datetime(2026, 1, 12, 18), "check-in", "out"),
                   Touch(2, 12, dt.datetime(2026, 1, 13, 18), "check-in", "out"))}
    s = Settings(checkin_days=1, checkins_after_apply=0, checkins_after_interview=1, spacing_days=1)
    items = plan(History(tuple(cases), {1: ghost, 2: jane}, touches), dt.date(2026, 1, 15), s).due
    assert [(d.application_id, d.kind, d.due_on.isoformat()) for d in items] == [
        (10, "check-in", "2026-01-14"), (12, "check-in", "2026-01-16")]
    assert items[1].reason.endswith("spaced 1 day after another note to them")


def test_snooze_holds_items_until_it_ends():
    h = history(case(), contacts=(Contact(1, "Jane Doe", snoozed_until=day(10)),))
    items = plan(h, day(3)).due
    assert [(d.kind, (d.due_on - D0).days) for d in items] == [("after-apply", 10)]
    assert items[0].reason.endswith("snoozed until 2026-03-12")


def test_after_a_rejection_one_optional_thank_you_within_the_window():
    c = case("rejected", status_on=day(20), interviews=(Meeting(5, at(4), (1,)),))
    items = plan(history(c), day(21)).due
    assert [(d.kind, d.rule, d.optional, (d.due_on - D0).days) for d in items] == [
        ("thank-you", "after-rejection/optional", True, 21)]
    assert plan(history(c), day(34)).due != ()
    assert plan(history(c), day(35)).due == ()
    assert plan(history(c, touches=(out(22, "thank-you"),)), day(23)).due == ()
    assert plan(history(c), day(21), Settings(rejection_note=False)).due == ()


def test_every_number_comes_from_the_settings():
    s = Settings(after_apply_days=3, checkin_days=10, spacing_days=0)
    assert due(history(case()), 0, s) == [("after-apply", 1, 3, "after-apply/3d")]
    assert due(history(case(), touches=(out(1, "after-apply"),)), 2, s) == [("check-in", 1, 11, "check-in/10d")]


def test_items_are_sorted_most_urgent_first():
    other = Case(11, "interviewing", day(0), roles=((2, "recruiter"),), interviews=(Meeting(7, at(1), (2,)),))
    h = history(case(), other, touches=(came_in(1, pid=1),))
    assert [(d.kind, d.person_id) for d in plan(h, day(3)).due] == [("reply", 1), ("thank-you", 2)]


@pytest.mark.parametrize(("offset", "expected"), [(-1, "overdue"), (0, "due today"), (1, "upcoming")])
def test_urgency(offset, expected):
    assert urgency(day(5 + offset), day(5)) == expected


@pytest.mark.parametrize("direction", ["out", "in"])
@pytest.mark.parametrize("story", ["applied", "check-in due", "interviewed"])
def test_a_note_is_the_users_memo_not_a_touch(story: str, direction: str):
    # `crm log Ann --kind note` (out by default): no follow-up sent, no clock restarted, no spacing,
    # and in either direction no message that wants a reply.
    c, sent = {
        "applied": (case(), ()),
        "check-in due": (case(), (out(1, "after-apply"),)),
        "interviewed": (case("interviewing", interviews=(Meeting(5, at(4), (3,)),)), (out(1, "after-apply"),)),
    }[story]
    for today in (1, 5, 9, 12):
        memo = tuple(Touch(pid, app, at(n, 11), "note", direction)
                     for n in range(today + 1) for pid in (1, 3) for app in (10, None))
        without = plan(history(c, touches=sent), day(today))
        assert plan(history(c, touches=sent + memo), day(today)) == without, (story, today)


def test_the_qa_walk_through_a_note_does_not_push_the_thank_you_back():
    c = case("interviewing", interviews=(Meeting(5, at(4), (3,)),))
    items = plan(history(c, touches=(out(1, "after-apply"), out(4, "note", pid=3))), day(5)).due
    assert [(d.kind, d.person_id, (d.due_on - D0).days, d.reason) for d in items] == [
        ("thank-you", 3, 5, "interview on 2026-03-06; thank them within 24 hours")]


@pytest.mark.parametrize(("n", "day_words", "checkin_words"), [(1, "1 day", "1 check-in"), (2, "2 days", "2 check-ins")])
def test_reasons_count_in_words(n: int, day_words: str, checkin_words: str):
    s = Settings(reply_days=n, spacing_days=n, checkins_after_apply=n, checkin_days=7, thank_you_days=0)
    replied = plan(history(case(), touches=(out(1, "after-apply"), came_in(2))), day(2), s).due
    assert replied[0].reason == f"they wrote on 2026-03-04; answer within {day_words}"
    assert replied[0].kind == "reply"
    interviewed = case("interviewing", interviews=(Meeting(5, at(4), (1,)),))
    spaced = plan(history(interviewed, touches=(out(4, "check-in"),)), day(4), s).due
    assert spaced[0].reason.endswith(f"spaced {day_words} after your message on 2026-03-06")
    other = Case(11, "applied", day(0), roles=((1, "hiring_manager"),))
    two = plan(history(case(), other), day(0), s).due
    assert two[1].reason.endswith(f"spaced {day_words} after another note to them")
    checkins = tuple(out(1 + 7 * k, "after-apply" if k == 0 else "check-in") for k in range(n + 1))
    cold = plan(history(case(), touches=checkins), day(30), s).cold
    assert [x.reason for x in cold] == [f"{checkin_words} unanswered since {day(1 + 7 * n)}"]
