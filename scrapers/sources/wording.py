"""The words of posts and press releases (pure): names, titles, the sentences that announce a hire, dates.

A title is the company's own ("Engineering Manager, Platform at Tidewell" -> "Engineering Manager,
Platform"), no title at all (a sentence: "Renata leads developer experience"), or someone else's (a
guest: "CTO at Initech", "former VP of Sales"). A newsroom announces people in a few set forms:
"Acme appoints Jane Doe as VP of Sales", "Acme Names Dr. Helena Moreau Chief Scientific Officer",
"Jane Doe joins Acme as ...", "said Jane Doe, Acme's CTO", "Meet Jane Doe, our new Head of Design".
"""

from __future__ import annotations

import datetime as dt
import re

STALE_YEARS = 2  # evidence older than this may no longer hold: the person is marked so

_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĘĚĞĪİŁŃŇŌŐŒŘŚŞŠŢŤŪŮŰŹŻŽ"
NAME_PATTERN = r"(?P<name>[" + _UPPER + r"][\w'’.-]+(?:\s+(?:[" + _UPPER + r"][\w'’.-]+|van|von|de|da|del|der|di|le|la|du|dos|ter|ten|bin|al)){1,3})"
TITLE_PATTERN = r"(?P<title>[A-Za-z][\w&/,'’. -]{1,80}?)"
TITLE_AT = re.compile(r"^(?P<title>.+?)\s+(?:at|@|bei|chez)\s+(?P<org>.+)$", re.I)
# Words that end a title in running text: "as VP of Sales, effective ...", "to Team Lead when we had ...".
_TITLE_ENDS = r"(?:to|and|who|after|before|in|effective|from|on|when|while|because|since|until|last|this|earlier|at)"
_ANNOUNCEMENTS = (
    # "Acme appoints Jane Doe as VP of Sales", "welcomes Jane Doe as its new CTO", "promoted Jane Doe to ..."
    re.compile(r"\b(?i:appoint(?:s|ed|ment of)?|welcome[sd]?|hire[sd]?|name[sd]?|tap(?:s|ped)|promot(?:es|ed)|add(?:s|ed))\s+"
               + NAME_PATTERN + r"\s+(?i:as|to(?: the role of)?)\s+(?:(?:its|our|the|their|a|an)\s+)?(?:new\s+)?" + TITLE_PATTERN +
               r"(?=[.,;:!]|\s+" + _TITLE_ENDS + r"\b|$)", re.UNICODE),
    # "Jane Doe joins Acme as VP of Sales", "Jane Doe has joined the team as our Head of Data"
    re.compile(NAME_PATTERN + r"\s+(?i:has\s+)?(?i:join(?:s|ed)|return(?:s|ed) to)\s+(?:[\w&.'’ -]{1,40}?\s+)?(?i:as)\s+"
               r"(?:(?:its|our|the|their|a|an)\s+)?(?:new\s+)?" + TITLE_PATTERN +
               r"(?=[.,;:!]|\s+" + _TITLE_ENDS + r"\b|$)", re.UNICODE),
    # "..., said Jane Doe, Acme's Chief Technology Officer." / "said Jane Doe, VP of Sales at Acme."
    re.compile(r"\b(?:said|says|explains|added|adds|notes)\s+" + NAME_PATTERN + r",\s+(?:(?:[\w&.'’ -]{1,30}?’s|[\w&.' -]{1,30}?'s|"
               r"our|the|its|the company's)\s+)?(?:new\s+)?" + TITLE_PATTERN + r"(?=[.,;:!\"”]|$)", re.UNICODE),
    # "Jane Doe, Acme's new CTO, said ..." / "Jane Doe, VP of Sales at Acme, said"
    re.compile(NAME_PATTERN + r",\s+(?:(?:[\w&.'’ -]{1,30}?’s|[\w&.' -]{1,30}?'s|our|the|its)\s+)?(?:new\s+)?" + TITLE_PATTERN +
               r",\s+(?:said|says|explains|added|adds|notes)\b", re.UNICODE),
    # "Meet Jane Doe, our new Head of Design"
    re.compile(r"\b(?i:meet|introducing|say hello to|welcome|welcoming)\s+" + NAME_PATTERN + r",\s+(?:(?:our|the|its)\s+)?(?:new\s+)?" + TITLE_PATTERN +
               r"(?=[.,;:!]|$)", re.UNICODE),
)
# "Acme Names Jane Doe Chief Technology Officer": no "as" between the name and the title; split by reading.
_QUOTES = (2, 3)  # the patterns above that quote someone with their title rather than announce them
# A title's team after a comma, capitalised and short, up to the end of the clause ("..., Payments.").
_TEAM_AFTER = re.compile(r",\s+([A-Z][\w&/'’.-]*(?:\s+(?:[A-Z&][\w&/'’.-]*|of|and))*?)(?=\s*(?:[.;:!]|$|,\s+[a-z]))")
_NOT_TEAM = frozenset("Inc Ltd LLC GmbH Said Says The This That He She They We".split())
_NAMES_BARE = re.compile(r"\b(?i:name[sd]?|appoint(?:s|ed)?|promot(?:es|ed))\s+(?P<rest>[" + _UPPER + r"][^.;:!?]{3,120})",
                         re.UNICODE)
_CLAUSE = re.compile(r"\b(?:we|i|you|they|he|she|it|had|has|have|was|were|is|are|will|would|when|which|who|"
                     r"while|because|since|until|after|before)\b", re.I)
_HONORIFIC = re.compile(r"\b(Dr|Prof|Mr|Mrs|Ms|Mx)\.(?=\s)")
_POST_NOMINAL = re.compile(r",\s*(?:Ph\.?\s?D\.?|M\.?D\.?|MBA|M\.?Sc\.?|Esq\.?|CPA|J\.?D\.?)(?=[,\s]|$)")

URL_DATE = re.compile(r"/(20\d\d)/(0[1-9]|1[0-2])(?:/(0[1-9]|[12]\d|3[01]))?/")


def company_words(company: str | None) -> set[str]:
    """The words that name the company, without "Inc", "Labs" and the like."""
    from scrapers.lexicon.names import name_key

    generic = {"inc", "ltd", "llc", "gmbh", "the", "co", "corp", "labs", "company", "group", "ag", "sa", "hq"}
    return {w for w in name_key(company or "").split() if w not in generic}


def own_title(title: str, company: str | None) -> str | None:
    """The title with its "at Acme" (or "of Acme") dropped; "" when the words are no title; None when they
    name another company's job or a guest ("CTO at Initech", "Guest author", "Former VP of Sales")."""
    from scrapers.lexicon.names import name_key
    from scrapers.lexicon.titles import looks_like_title

    title = " ".join((title or "").split()).strip(" ,.;:-–—|")
    found = TITLE_AT.match(title)
    own = company_words(company)
    if found and looks_like_title(found.group("title")):
        org = set(name_key(found.group("org")).split())
        if own and not (org & own):
            return None
        title = found.group("title").strip(" ,")
    elif found:
        return ""  # "Renata leads developer experience at Larkspur": a sentence, not a title
    of_company = re.match(r"^(?P<title>.+?)\s+(?:of|for|with)\s+(?P<org>[^,]+)$", title)
    if of_company and own and set(name_key(of_company.group("org")).split()) <= own | {"inc", "ltd"}:
        title = of_company.group("title")
    if re.search(r"\b(?:guest|former|formerly|retired|ex)\b", title, re.I):
        return None
    if _CLAUSE.search(title):  # "SDR Team Lead when we had eight reps": a sentence ran on past the title
        return ""
    title = re.sub(r"^(?:new|our|the)\s+", "", title, flags=re.I)
    return title if looks_like_title(title) else ""


def person_ok(name: str, company: str | None) -> bool:
    """Whether `name` reads as a person's name and not as the company writing as itself."""
    from scrapers.lexicon.names import is_person_name, name_key

    # "Pinecrest Communications", "Acme Newsroom": the company writing as itself
    return is_person_name(name, company=company) and not (set(name_key(name).split()) & company_words(company))


def announced(text: str, company: str | None) -> list[tuple[str, str, str, str]]:
    """(name, title, sentence, kind) for each person the text announces ("announcement") or quotes with
    their title ("quote"), pure."""
    from scrapers.lexicon.titles import looks_like_title

    out: list[tuple[str, str, str, str]] = []

    text = _HONORIFIC.sub(r"\1", text)  # "Dr. Helena Moreau" reads as one name, not a sentence end
    text = _POST_NOMINAL.sub("", text)  # "Tomasz Nowak, Ph.D., President" -> "Tomasz Nowak, President"
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", text):
        if len(sentence) > 400:
            continue
        named = False
        for number, pattern in enumerate(_ANNOUNCEMENTS):
            kind = "quote" if number in _QUOTES else "announcement"
            for found in pattern.finditer(sentence):
                title = found.group("title").strip()
                team = _TEAM_AFTER.match(sentence, found.end())  # "as Engineering Manager, Payments."
                if team and found.group(0).rstrip().endswith(title) and team.group(1).split()[0] not in _NOT_TEAM:
                    title = f"{title}, {team.group(1).rstrip('.')}"
                if not looks_like_title(title):
                    continue
                name = found.group("name")
                if person_ok(name, company) and own_title(title, company) is not None:
                    out.append((name, title, sentence.strip()[:200], kind))
                    named = True
        if not named:
            for found in _NAMES_BARE.finditer(sentence):
                split = _split_name_title(found.group("rest"), company)
                if split:
                    out.append((*split, sentence.strip()[:200], "announcement"))
    return out


def _split_name_title(rest: str, company: str | None) -> tuple[str, str] | None:
    """"Olivia Chen Chief Technology Officer on Monday" -> the shortest name followed by a title."""
    from scrapers.lexicon.titles import looks_like_title

    words = rest.split()
    for size in (2, 3):
        name, tail = " ".join(words[:size]), words[size:]
        if not tail or not person_ok(name, company):
            continue
        for end in range(len(tail), 0, -1):  # the longest title-like run of words after the name
            title = " ".join(tail[:end])
            if looks_like_title(title) and tail[0][:1].isupper() and own_title(title, company):
                return name, title
    return None


_MONTHS = {m: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())}


def loose_date(text: str) -> str | None:
    """"March 4, 2025" / "4 Mar 2025" -> "2025-03-04"; None when it is no date."""
    found = re.search(r"(?:(\d{1,2})\s+)?([A-Za-z]{3})[a-z]*\.?\s+(?:(\d{1,2}),?\s+)?(20\d\d)", text or "")
    if not found or found.group(2).lower() not in _MONTHS:
        return None
    day = int(found.group(1) or found.group(3) or 1)
    try:
        return dt.date(int(found.group(4)), _MONTHS[found.group(2).lower()], day).isoformat()
    except ValueError:
        return None


def is_stale(date: str | None, today: dt.date | None, years: int = STALE_YEARS) -> bool:
    """Whether evidence dated `date` is older than `years` before `today` (undated evidence is not)."""
    if not date or today is None:
        return False
    try:
        when = dt.date.fromisoformat(date)
    except ValueError:
        return False
    return (today - when).days > 365 * years
