"""How often `crm mail` reads a message right, per label, on a generated labelled set.

    python benchmarks/mail_accuracy.py [--seed 7] [--companies 16]

Builds a store of companies, applications, contacts and interviews, then a labelled mailbox with the
standard `email` package (tests/crm/mail/corpus.py: multipart/alternative, HTML-only, base64,
quoted-printable, Latin-1 and Windows-1252 bodies, RFC 2047 subjects, quoted threads): notes the user
sent (after-apply, check-in, thank-you), replies, application confirmations, interview invitations,
rejections in English, French, German and Spanish, new people at a company, delivery-status bounces
and plain-text ones, automatic replies with and without headers (some naming a return date), and mail
that is none of these (newsletters, a contact's "unfortunately I'm away Tuesday"). Every message goes
through crm.store.record_mail as a sync would; what it did is compared with the label. A proposal
counts as right only on the right application. Prints accuracy per label and overall, and each miss.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]

from tests.crm.mail import corpus as c  # noqa: E402

FIRST = ["Jane", "Omar", "Lena", "Ravi", "Sofia", "Tom", "Aiko", "Marta", "Lucas", "Nina", "Paul", "Ines", "Yusuf",
         "Claire", "Diego", "Hanna", "Kofi", "Mei", "Pierre", "Greta"]
LAST = ["Doe", "Haddad", "Martin", "Patel", "Rossi", "Berg", "Tanaka", "Nowak", "Silva", "Weber", "Dubois", "Garcia",
        "Kaya", "Moreau", "Lopez", "Schmidt", "Mensah", "Chen", "Laurent", "Vogel"]
COMPANY = ["Acme Robotics", "Globex", "Initech", "Umbrella Health", "Soylent Foods", "Hooli", "Vandelay Imports",
           "Stark Logistics", "Wayne Analytics", "Tyrell Systems", "Cyberdyne Labs", "Wonka Digital",
           "Oscorp Energy", "Pied Piper", "Aperture Science", "Black Mesa", "Massive Dynamic", "Nakatomi Trading",
           "Gringotts Bank", "Duff Brewing", "Monarch Solutions", "Sirius Cybernetics", "Blue Sun Media", "Prestige Worldwide"]
TITLE = ["Senior Backend Engineer", "Data Engineer", "Platform Engineer", "Product Designer", "Site Reliability Engineer",
         "Machine Learning Engineer", "Frontend Developer", "Engineering Manager", "Data Scientist", "Security Engineer",
         "DevOps Engineer", "QA Engineer", "Mobile Developer", "Solutions Architect", "Technical Writer", "Analytics Engineer",
         "Product Manager", "Data Analyst", "Embedded Engineer", "Support Engineer", "UX Researcher", "Cloud Architect",
         "iOS Developer", "Database Administrator"]
ATS = ["no-reply@us.greenhouse-mail.io", "notifications@hire.lever.co", "no-reply@ashbyhq.com",
       "noreply@candidates.workablemail.com", "mail@smartrecruiters.com", "donotreply@myworkday.com"]

REJECT = {
    "en": ["Thank you for your interest in the {title} role at {company}. Unfortunately, we have decided to move "
           "forward with other candidates whose experience more closely matches our needs.",
           "After careful consideration we regret to inform you that we will not be moving forward with your "
           "application for {title}.",
           "We appreciate your time. The {title} position has been filled, and we won't be progressing your application.",
           # none of the listed phrases: a miss the rules are expected to make
           "Thanks for talking with us about {title}. We've decided to go in a different direction for this role."],
    "fr": ["Nous vous remercions de votre candidature au poste de {title} chez {company}. Malheureusement, nous ne "
           "pouvons pas donner une suite favorable à votre candidature.",
           "Après étude attentive, nous avons le regret de vous informer que votre candidature n'a pas été retenue pour "
           "le poste de {title}."],
    "de": ["Vielen Dank für Ihre Bewerbung als {title} bei {company}. Leider müssen wir Ihnen mitteilen, dass wir uns "
           "für einen anderen Kandidaten entschieden haben.",
           "Nach sorgfältiger Prüfung können wir Ihre Bewerbung für die Stelle {title} leider nicht weiter berücksichtigen."],
    "es": ["Gracias por tu interés en el puesto de {title} en {company}. Lamentablemente, hemos decidido continuar con "
           "otros candidatos.",
           "Lamentamos informarte de que no seguiremos adelante con tu candidatura para {title}."],
}
CONFIRM = ["Thank you for applying to the {title} position at {company}! We have received your application and our "
           "team will review it.", "Hi, your application for {title} at {company} has been received.",
           "Merci pour votre candidature au poste de {title} chez {company}. Nous l'étudions avec attention.",
           "Vielen Dank für Ihre Bewerbung als {title}. Ihre Bewerbung ist bei uns eingegangen.",
           "¡Gracias por tu solicitud para el puesto de {title} en {company}! Hemos recibido tu candidatura."]
INVITE = ["We'd like to invite you to an interview for the {title} role on {when}. Does that work for you?",
          "Could you share your availability for a 30-minute phone screen about the {title} position next week?",
          "Nous souhaiterions vous convier à un entretien pour le poste de {title} le {when}.",
          "Wir möchten Sie gerne zu einem Vorstellungsgespräch für die Stelle {title} einladen. Termin: {when}.",
          "Nos gustaría invitarte a una entrevista para el puesto de {title}. ¿Qué disponibilidad tienes?",
          "Please pick a time for your technical interview here: https://calendly.com/{company_slug}/interview",
          # no interview word at all
          "Would you be free for a quick chat with the team about {title} on Friday afternoon?"]
REPLY = ["Thanks for reaching out! I've forwarded your CV to the hiring team.",
         "Great to hear from you. Let me check with the team and come back to you this week.",
         "Unfortunately I'm travelling on Tuesday, could we talk on Thursday instead?",
         "Merci pour votre message, je reviens vers vous rapidement.",
         "Danke für Ihre Nachricht, ich melde mich nächste Woche.",
         "Gracias por escribir, lo reviso con el equipo."]
OOO = [("Automatic reply: {subject}", "I am out of the office until {back_en} with limited access to email.", True),
       ("Out of Office", "I'm currently away and back on {back_en}. For urgent matters contact the team.", False),
       ("Abwesenheitsnotiz", "Ich bin bis zum {back_de} nicht im Büro und habe keinen Zugriff auf E-Mails.", True),
       ("Réponse automatique : absent", "Je suis absent du bureau et de retour le {back_fr}.", False),
       ("Respuesta automática", "Estoy fuera de la oficina hasta el {back_es}.", True),
       ("Auto-reply", "Thanks for your email. I am on parental leave and will reply when I'm back.", True)]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre"]
MONTHS_ES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
             "noviembre", "diciembre"]


def world(rng: random.Random, n: int):
    """Companies with one application each (applied in November), a contact, and for some an interview."""
    from crm import store

    people, apps = [], []
    for i in range(n):
        name = COMPANY[i % len(COMPANY)] + ("" if i < len(COMPANY) else f" {i}")
        slug = name.lower().replace(" ", "")
        company = store.add_company(name, domain=f"{slug}.example")
        first, last = FIRST[i % len(FIRST)], LAST[(i * 7) % len(LAST)]
        person = store.add_contact(f"{first} {last}", company, email=f"{first.lower()}.{last.lower()}@{slug}.example")
        applied = dt.date(2026, 11, 2) + dt.timedelta(days=rng.randrange(5))
        app = store.add_application(f"https://{slug}.example/jobs/{i}", company, title=TITLE[i % len(TITLE)],
                                    applied_on=applied, today=dt.date(2026, 11, 29))
        store.link(app, person, "hiring_manager")
        interview = None
        if i % 2 == 0:
            interview = dt.datetime.combine(applied + dt.timedelta(days=10), dt.time(14, 0))
            store.record_interview(app, interview, [person], today=dt.date(2026, 11, 29))
        people.append(person)
        apps.append((app, name, slug, applied, interview, person))
    return apps


def messages(rng: random.Random, apps) -> list[tuple[str, int | None, bytes]]:  # noqa: ANN001
    """(label, application id for proposals, message) in date order."""
    out: list[tuple[str, int | None, bytes, str]] = []
    me = f"Me <{c.ME}>"
    n = 0

    def mid() -> str:
        nonlocal n
        n += 1
        return f"<bench-{n}@example.org>"

    def day(d: dt.date) -> str:
        return d.isoformat()

    for app, company, slug, applied, interview, person in apps:
        title, to = app.title, f"{person.name} <{person.email}>"
        fmt = {"title": title, "company": company, "company_slug": slug}
        shapes = [c.plain, c.alternative, lambda *a, **k: c.plain(*a, cte="quoted-printable", **k)]
        d1 = applied + dt.timedelta(days=1)
        out.append(("after-apply", None, rng.choice(shapes)(me, to, f"My application for {title}",
                                                             f"Hi {person.name.split()[0]}, I just applied for the {title} role.",
                                                             day(d1), msgid=mid()), day(d1)))
        quoted = rng.choice([f"Hi, I just applied for the {title} role.",
                             "Unfortunately I heard you moved forward with other candidates, is that right?"])
        out.append(("reply", None, c.thread(to, c.ME, f"Re: My application for {title}", rng.choice(REPLY),
                                            [(me, day(d1), quoted)],
                                            day(d1 + dt.timedelta(days=2)), msgid=mid()), day(d1 + dt.timedelta(days=2))))
        if interview is not None:
            t = interview.date() + dt.timedelta(days=1)
            out.append(("thank-you", None, c.html_only(me, to, "Thank you for today",
                                                       f"<p>Thank you for the conversation about the {title} role.</p>",
                                                       day(t), msgid=mid()), day(t)))
            c3 = t + dt.timedelta(days=6)
        else:
            c3 = d1 + dt.timedelta(days=8)
        out.append(("check-in", None, c.thread(me, to, f"Re: {title}", "Just checking in on my application.",
                                               [(to, day(d1), "Thanks for reaching out!")], day(c3), msgid=mid()), day(c3)))
        # An ATS confirmation, an invitation, a rejection in one of four languages.
        d = applied
        out.append(("proposal:applied", app.id, c.plain(f"{company} Careers <{rng.choice(ATS)}>", c.ME,
                                                        f"Thank you for applying to {company}",
                                                        rng.choice(CONFIRM).format(**fmt), day(d), msgid=mid(),
                                                        cte=rng.choice([None, "base64"])), day(d)))
        when = f"{(applied + dt.timedelta(days=9)).day} December at 10:30"
        sender = rng.choice([to, f"{company} Recruiting <{rng.choice(ATS)}>"])
        out.append(("proposal:interview", app.id, c.plain(sender, c.ME, f"Next steps: {title}",
                                                          rng.choice(INVITE).format(when=when, **fmt),
                                                          day(applied + dt.timedelta(days=5)), msgid=mid()),
                    day(applied + dt.timedelta(days=5))))
        lang = rng.choice(list(REJECT))
        text = rng.choice(REJECT[lang]).format(**fmt)
        rd = applied + dt.timedelta(days=20)
        subject = {"en": f"Your application to {company}", "fr": f"Votre candidature – {title}",
                   "de": f"Ihre Bewerbung bei {company}", "es": f"Tu candidatura en {company}"}[lang]
        sender = rng.choice([to, f"{company} Talent <{rng.choice(ATS)}>", f"Talent Team <talent@{slug}.example>"])
        charset = {"fr": "iso-8859-1", "de": "windows-1252", "es": "utf-8", "en": "utf-8"}[lang]
        if lang == "de" and rng.random() < 0.5:
            raw = c.raw_8bit("Talent Team", f"jobs@{slug}.example", c.ME, subject, text, day(rd), "windows-1252", msgid=mid())
        else:
            raw = c.plain(sender, c.ME, subject, text, day(rd), msgid=mid(), charset=charset)
        out.append((f"proposal:rejected:{lang}", app.id, raw, day(rd)))
        # A new person at the company writes.
        nd = applied + dt.timedelta(days=3)
        newcomer = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        out.append(("proposal:contact", app.id, c.plain(f"{newcomer} <{newcomer.lower().replace(' ', '.')}@{slug}.example>",
                                                        c.ME, "Hello from the team",
                                                        "Hi! I'm on the team you applied to, happy to answer questions.",
                                                        day(nd), msgid=mid()), day(nd)))
        # Bounces: a delivery-status report, or a plain-text one from the postmaster.
        bd = applied + dt.timedelta(days=1)
        bad = f"{person.name.split()[0].lower()}@{slug}.example"
        if rng.random() < 0.5:
            raw = c.dsn(bad, "Hello", day(bd), msgid=mid())
        else:
            raw = c.plain("postmaster@example.org", c.ME, "Delivery Status Notification (Failure)",
                          f"Delivery to the following recipient failed permanently:\n\n     {bad}\n\n"
                          "The email account that you tried to reach does not exist.", day(bd), msgid=mid())
        out.append(("bounce", None, raw, day(bd)))
        # An automatic reply, with or without headers saying so.
        od = applied + dt.timedelta(days=12)
        back = od + dt.timedelta(days=rng.randrange(3, 20))
        subject, body, headed = rng.choice(OOO)
        names_day = "{back" in body
        body = body.format(back_en=f"{back.day} {back.strftime('%B')}", back_de=f"{back.day}.{back.month}.",
                           back_fr=f"{back.day} {MONTHS_FR[back.month - 1]}", back_es=f"{back.day} de {MONTHS_ES[back.month - 1]}")
        headers = {"Auto-Submitted": "auto-replied"} if headed else {}
        out.append(("auto-reply+snooze" if names_day else "auto-reply", app.id,
                    c.plain(to, c.ME, subject.format(subject=f"Re: {title}"), body, day(od), msgid=mid(),
                            headers=headers), day(od)))
        # Mail that is none of these.
        out.append(("ignored", None, c.plain(f"Deals <news@shop{rng.randrange(99)}.example>", c.ME, "This week only",
                                             "Unfortunately our sale ends soon: 30% off.", day(od), msgid=mid()), day(od)))
    out.sort(key=lambda m: m[3])
    return [(label, app_id, raw) for label, app_id, raw, _ in out]


def outcome(message_id: str) -> tuple[str, int | None]:
    """What the store did with one message, as a label, and the application a proposal is on."""
    from crm.store.models import Interaction, MailBounce, MailMessage, MailProposal

    if MailBounce.select().where(MailBounce.message_id == message_id).exists():
        return "bounce", None
    proposals = list(MailProposal.select().where(MailProposal.message_id == message_id))
    kinds = {p.kind for p in proposals}
    if "snooze" in kinds:
        return "auto-reply+snooze", None
    for kind in ("rejected", "interview", "applied", "contact"):
        if kind in kinds:
            return f"proposal:{kind}", next(p.application_id for p in proposals if p.kind == kind)
    logged = (Interaction.select(Interaction.kind).join(MailMessage)
              .where(MailMessage.message_id == message_id).tuples())
    found = [k for (k,) in logged]
    if found:
        return found[0], None
    return "ignored", None


def main() -> None:
    """Build the world and the mailbox, record it as a sync would, print accuracy per label."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--companies", type=int, default=20)
    args = parser.parse_args()
    from crm import store
    from crm.mail.message import Unreadable, read
    from crm.store.db import close_db, init_db

    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        init_db(f"sqlite:///{tmp}/bench.sqlite3")
        apps = world(rng, args.companies)
        mail = messages(rng, apps)
        book = store.mail_address_book([c.ME])
        tally = store.MailTally()
        parsed = []
        for label, app_id, raw in mail:
            try:
                parsed.append((label, app_id, read(raw)))
            except Unreadable:
                parsed.append((label, app_id, None))
        store.record_mail([m for _, _, m in parsed if m is not None], book, tally, account="bench", folder="all",
                          today=dt.date(2026, 12, 31))
        right, total, misses = Counter(), Counter(), defaultdict(list)
        for label, app_id, m in parsed:
            got, got_app = outcome(m.message_id) if m is not None else ("unreadable", None)
            want = label.split(":rejected")[0] + ":rejected" if ":rejected" in label else label
            if want == "auto-reply":  # from a contact, yet neither logged nor proposed: read as automatic
                want = "ignored"
            ok = got == want and (app_id is None or not want.startswith("proposal") or got_app == app_id)
            total[label] += 1
            right[label] += ok
            if not ok:
                misses[label].append(f"{got}{'' if got_app in (None, app_id) else f' (app {got_app}, not {app_id})'}: "
                                     f"{m.subject if m else '?'}")
        close_db()
    print(f"{sum(total.values())} labelled messages, {args.companies} companies, seed {args.seed}\n")
    print(f"{'LABEL':28} {'RIGHT':>5} {'OF':>4} {'ACCURACY':>8}")
    for label in sorted(total):
        print(f"{label:28} {right[label]:5d} {total[label]:4d} {right[label] / total[label]:8.3f}")
    print(f"{'all':28} {sum(right.values()):5d} {sum(total.values()):4d} {sum(right.values()) / sum(total.values()):8.3f}")
    for label, items in sorted(misses.items()):
        for item in items[:4]:
            print(f"  miss {label}: {item}")


if __name__ == "__main__":
    main()
