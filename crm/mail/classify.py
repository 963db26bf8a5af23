"""What a message is, from its words and headers: a bounce, an automatic reply, an application
confirmation, an interview invitation, a rejection, or a person writing. Pure functions over `Mail`.

Phrases are matched case-insensitively on the subject and the new text, in English, French, German
and Spanish (and a few in Italian and Dutch). A weak word ("unfortunately", "leider") counts as a
rejection only beside a word about the application, so "unfortunately I am away on Tuesday" is not one.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass

from crm.mail.addresses import domain_of
from crm.mail.message import Mail

# Where applicant-tracking systems send mail from, besides their own hosts (each scraper's HOSTS, read
# through scrapers.registry.board_hosts: one list of them): the separate mail domains some use.
ATS_MAIL_ONLY = ("greenhouse-mail.io", "workablemail.com", "smartrecruiters-mail.com", "teamtailor-mail.com",
                 "myworkday.com", "successfactors.com", "taleo.net")
_DAEMONS = ("mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon")

_BOUNCE_SUBJECT = re.compile(r"undeliver|delivery (status notification|failure|has failed)|mail delivery (failed|"
                             r"subsystem)|returned mail|failure notice|non[- ]?remis|unzustellbar|"
                             r"no se puede entregar|not delivered", re.I)
_OOO = re.compile(r"out of (the )?office|automatic reply|auto[- ]?reply|autoreply|away from (the )?office|"
                  r"on (annual |parental |sick )?leave|currently away|limited access to (my )?e-?mail|"
                  r"abwesenheit|nicht im büro|automatische antwort|außer haus|"
                  r"absent du bureau|réponse automatique|absence du bureau|en congés?\b|"
                  r"fuera de la oficina|respuesta automática|ausente de la oficina|"
                  r"fuori ufficio|risposta automatica|afwezig|automatisch antwoord", re.I)

_APPLICATION_WORDS = (r"application|applying|applied|candidacy|candidature|position|role\b|vacancy|opening|"
                      r"candidatura|postulación|solicitud|puesto|vacante|proceso|"
                      r"bewerbung|stelle|position|"
                      r"poste|offre|processus")
_STRONG_REJECTION = [
    r"not (to )?(be )?mov(e|ing) forward", r"decided to (move|go) forward with other", r"other candidates?",
    r"regret to inform", r"will not be (moving|progressing|proceeding)", r"won'?t be (moving|progressing)",
    r"not be progressing", r"decided not to (proceed|progress|move)", r"position has (now )?been filled",
    r"(were|was) not selected", r"pursue other (candidates|applicants)", r"not (a|the right) (fit|match)",
    r"not able to offer you", r"unable to offer you",
    # French
    r"ne (pas )?(pouvons|pourrons) (pas )?donner (une suite )?favorable", r"pas (pu )?(être )?retenue?",
    r"ne pas donner suite", r"pas donner suite", r"d'?autres? (candidats|candidatures|profils)",
    r"avons le regret", r"ne correspond(ait)? pas",
    # German
    r"nicht (weiter )?berücksichtig", r"anderen? (kandidat|bewerber)", r"für (einen )?anderen? (kandidat|bewerber)",
    r"absage", r"müssen wir ihnen (leider )?mitteilen", r"nicht in die engere auswahl",
    r"haben uns (leider )?für", r"nicht weiter verfolgen",
    # Spanish
    r"otros? candidat[oa]s", r"no (hemos|ha) (sido )?seleccionad", r"no (vamos a|podemos) (continuar|seguir)",
    r"no seguir adelante", r"lamentamos (informarte|informarle|comunicarte|comunicarle)",
    r"hemos decidido (continuar|seguir) con otr", r"no continuar con tu candidatura",
    # Italian, Dutch
    r"altri candidati", r"andere kandidaten", r"helaas",
]
_WEAK_REJECTION = r"unfortunately|regrettably|malheureusement|leider|lamentablemente|desafortunadamente|purtroppo"
_INTERVIEW_NOUNS = (r"interview|phone screen|screening call|technical screen|onsite|on-site|video call|"
                    r"entretien|vorstellungsgespr[äa]ch|kennenlerngespr[äa]ch|gespr[äa]ch|entrevista|colloquio|"
                    r"sollicitatiegesprek")
_INVITING = (r"invite|schedule|scheduling|availability|available|book a (time|slot)|calendly\.com|pick a time|"
             r"select a time|would like to (meet|speak|talk|set up)|set up a|next step|confirm(ed)? (for|your)|"
             r"invit|planifier|disponibilit|convier|einladen|einladung|termin|verfügbar|"
             r"invitar|agendar|programar|disponibilidad|fecha|invitarte")
_CONFIRMATION = [
    r"thank(s| you) for (applying|your application|your interest)", r"(we('ve| have)|we) received your application",
    r"application (has been |was )?received", r"your application (has been|was) (received|submitted)",
    r"received your application", r"application submitted", r"successfully (applied|submitted)",
    r"merci (pour|de) votre candidature", r"candidature a (bien )?été (reçue|envoyée|transmise)",
    r"avons (bien )?reçu votre candidature",
    r"(vielen )?dank für ihre bewerbung", r"bewerbung (ist )?(erfolgreich )?(eingegangen|erhalten)",
    r"ihre bewerbung ist bei uns eingegangen", r"eingangsbestätigung",
    r"gracias por (tu|su) (candidatura|solicitud|postulación|interés)", r"hemos recibido (tu|su) (candidatura|solicitud)",
    r"grazie per (la tua|aver) candidat", r"bedankt voor je sollicitatie",
]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower().replace("’", "'")


_STRONG_RE = re.compile("|".join(_STRONG_REJECTION))
_CONFIRM_RE = re.compile("|".join(_CONFIRMATION))
_WEAK_RE = re.compile(_WEAK_REJECTION)
_APP_RE = re.compile(_APPLICATION_WORDS)
_NOUN_RE = re.compile(_INTERVIEW_NOUNS)
_INVITE_RE = re.compile(_INVITING)


@dataclass(frozen=True)
class Bounce:
    """A delivery-status notification: the addresses it failed to deliver to, and why."""

    addresses: tuple[str, ...]
    reason: str


def bounce(mail: Mail, own: frozenset[str] = frozenset()) -> Bounce | None:
    """The failed recipients of a delivery-status notification; None for any other message."""
    local = mail.sender[1].partition("@")[0]
    is_report = bool(mail.report) or mail.content_type == "multipart/report"
    if not is_report and not (local in _DAEMONS and _BOUNCE_SUBJECT.search(mail.subject)):
        return None
    text = mail.report or mail.text
    failed, reason = [], ""
    for group in re.split(r"\n\s*\n", text):
        found = re.search(r"(?im)^\s*(?:final|original)-recipient:\s*[^;]*;\s*<?([^\s<>]+@[^\s<>]+?)>?\s*$", group)
        action = re.search(r"(?im)^\s*action:\s*(\S+)", group)
        if found and (action is None or action.group(1).lower() in ("failed", "failure")):
            failed.append(found.group(1).lower())
            diag = re.search(r"(?im)^\s*diagnostic-code:\s*(.+)$", group) or re.search(r"(?im)^\s*status:\s*(.+)$", group)
            reason = reason or (diag.group(1).strip() if diag else "")
    if not failed and not mail.report:  # a plain-text bounce: the addresses it names
        failed = [a.lower() for a in re.findall(r"<?([\w.+'-]+@[\w-]+(?:\.[\w-]+)+)>?", mail.text)]
        reason = reason or mail.subject
    failed = [a for a in dict.fromkeys(failed) if a not in own and a.partition("@")[0] not in _DAEMONS]
    return Bounce(tuple(failed), reason[:200]) if failed else None


def auto_reply(mail: Mail) -> str:
    """Why this is an automatic reply ("" when a person wrote it): headers first, then out-of-office words."""
    if mail.automatic:
        return mail.automatic
    found = _OOO.search(mail.subject) or _OOO.search(mail.text[:600])
    return f'"{found.group(0)}"' if found else ""


_MONTHS = {
    **{m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                   "september", "october", "november", "december"], 1)},
    **{m: i for i, m in enumerate(["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                                   "septembre", "octobre", "novembre", "décembre"], 1)},
    **{m: i for i, m in enumerate(["januar", "februar", "märz", "april", "mai", "juni", "juli", "august",
                                   "september", "oktober", "november", "dezember"], 1)},
    **{m: i for i, m in enumerate(["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
                                   "septiembre", "octubre", "noviembre", "diciembre"], 1)},
}
_MONTHS.update({name[:3]: n for name, n in list(_MONTHS.items()) if len(name) > 3 and name[:3] not in _MONTHS})
_MONTH = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))
_RETURN = re.compile(r"(back|return|returning|in the office|zurück|wieder|ab dem|ab|retour|de retour|jusqu'au|"
                     r"until|bis zum|bis|hasta el|hasta|regreso|volveré|vuelvo|rientro)\b[^.\n]{0,30}?"
                     r"(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})[./](\d{1,2})(?:[./](\d{2,4}))?|"
                     rf"(\d{{1,2}})(?:st|nd|rd|th|er)?\.?\s+(?:de\s+)?({_MONTH})\.?(?:\s+(?:de\s+)?(\d{{4}}))?|"
                     rf"({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?)", re.I)


def return_date(text: str, sent: dt.date) -> dt.date | None:
    """The day an out-of-office reply says its writer is back (the next such day after `sent`), if it names one."""
    for m in _RETURN.finditer(_fold(text)):
        g = m.groups()
        try:
            if g[1]:
                day = dt.date(int(g[1]), int(g[2]), int(g[3]))
            elif g[4]:
                year = int(g[6]) + (2000 if g[6] and len(g[6]) == 2 else 0) if g[6] else None
                day = _next(sent, int(g[5]), int(g[4]), year)
            elif g[7]:
                day = _next(sent, _MONTHS[g[8]], int(g[7]), int(g[9]) if g[9] else None)
            else:
                day = _next(sent, _MONTHS[g[10]], int(g[11]), int(g[12]) if g[12] else None)
        except (ValueError, KeyError):
            continue
        if day is not None and sent <= day <= sent + dt.timedelta(days=366):
            # "until the 14th" means back on the 15th only in some mouths: the named day is the honest one
            return day
    return None


def _next(sent: dt.date, month: int, day: int, year: int | None) -> dt.date | None:
    if year is not None:
        return dt.date(year, month, day)
    candidate = dt.date(sent.year, month, day)
    return candidate if candidate >= sent else dt.date(sent.year + 1, month, day)


@dataclass(frozen=True)
class Signal:
    """What a message says about an application, and the words that say it."""

    kind: str  # "rejected", "interview" or "applied"
    evidence: str


def hiring_signal(mail: Mail, new_text: str) -> Signal | None:
    """A rejection, an interview invitation or an application confirmation, with the words; None otherwise."""
    text = _fold(f"{mail.subject}\n{new_text}")
    strong = _STRONG_RE.search(text)
    if strong:
        return Signal("rejected", _quote(text, strong))
    body = _fold(new_text)
    for weak in _WEAK_RE.finditer(body):  # a weak word counts beside the application, in its own sentence
        sentence = _sentence(body, weak.start())
        if _APP_RE.search(sentence) and not _NOUN_RE.search(sentence) and "?" not in sentence:
            return Signal("rejected", _quote(body, weak))
    noun = _NOUN_RE.search(text)
    if noun and _INVITE_RE.search(text):
        return Signal("interview", _quote(text, noun))
    confirmed = _CONFIRM_RE.search(text)
    if confirmed:
        return Signal("applied", _quote(text, confirmed))
    return None


def _sentence(text: str, at: int) -> str:
    """The sentence of `text` around position `at` (up to the stops either side)."""
    start = max(text.rfind(stop, 0, at) for stop in (".", "!", "?", "\n\n")) + 1
    ends = [i for i in (text.find(stop, at) for stop in (".", "!", "?", "\n\n")) if i != -1]
    return text[start:(min(ends) + 1 if ends else len(text))]


def _quote(text: str, match: re.Match) -> str:
    """The matched words with a little context, on one line."""
    start, end = max(0, match.start() - 40), min(len(text), match.end() + 40)
    words = " ".join(text[start:end].split())
    return f"{'…' if start else ''}{words}{'…' if end < len(text) else ''}"


@functools.lru_cache(maxsize=1)
def ats_domains() -> tuple[str, ...]:
    """Every domain an applicant-tracking system mails from: the job-board hosts and the mail-only domains."""
    from scrapers.registry import board_hosts  # loaded once, by a sync that meets an unknown sender

    return tuple(sorted(set(board_hosts()) | set(ATS_MAIL_ONLY)))


def is_ats(address: str) -> bool:
    """True when an address belongs to an applicant-tracking system's domain."""
    domain = domain_of(address)
    return any(domain == d or domain.endswith("." + d) for d in ats_domains())


def interview_time(text: str, sent: dt.date) -> dt.datetime | None:
    """An interview's date and time when the message names both plainly ("on 8 December at 14:00", "2026-12-08 14:00")."""
    folded = _fold(text)
    day = None
    m = re.search(r"(\d{4})-(\d{2})-(\d{2})", folded)
    if m:
        try:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            day = None
    if day is None:
        m = re.search(rf"(\d{{1,2}})(?:st|nd|rd|th|er)?\.?\s+(?:de\s+)?({_MONTH})\b|({_MONTH})\.?\s+(\d{{1,2}})\b", folded)
        if m:
            try:
                day = (_next(sent, _MONTHS[m.group(2)], int(m.group(1)), None) if m.group(1)
                       else _next(sent, _MONTHS[m.group(3)], int(m.group(4)), None))
            except (ValueError, KeyError):
                day = None
    if day is None:
        return None
    t = re.search(r"\b(\d{1,2})[:h.](\d{2})\s*(am|pm)?\b|\b(\d{1,2})\s*(am|pm)\b", folded[m.start():] if m else folded)
    if not t:
        return None
    hour = int(t.group(1) or t.group(4))
    minute = int(t.group(2) or 0)
    half = t.group(3) or t.group(5)
    if half == "pm" and hour < 12:
        hour += 12
    if half == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return dt.datetime.combine(day, dt.time(hour, minute))
