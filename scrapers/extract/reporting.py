"""The reporting line and the people a posting's text names ("you will report to Jane Doe, our CTO")."""

from __future__ import annotations

import re

from scrapers.extract.fields import field_of, label_lines
from scrapers.lexicon.names import is_person_name
from scrapers.lexicon.titles import looks_like_title
from scrapers.types import NamedPerson

# A capitalised word, as names and titles start in running text.
_NAME_WORD = r"[A-Z][a-zA-Z'\u00C0-\u024F-]+"
_ABBREVIATIONS = {"sr", "jr", "dr", "mr", "ms", "mrs", "st", "snr", "inc", "e.g", "i.e", "vs", "approx", "no"}

# Words that may stand just before "reports"/"report" when it is a verb, not a noun ("monthly reports to").
_SUBJECTS = {
    "you", "you'll", "youll", "will", "would", "shall", "also", "role", "position", "person", "hire", "who",
    "which", "that", "and", "candidate", "they", "he", "she", "currently", "then", "initially", "directly",
    "engineer", "manager", "designer", "lead", "developer", "analyst", "specialist", "scientist", "team",
}
# Words after which "reporting to" is a verb ("while reporting to", "a role reporting to").
_REPORTING_AFTER = {"", "be", "is", "are", "and", "while", "role", "position", "currently", "you're", "youre", "directly"}
_REPORT = re.compile(r"\b(?P<verb>report(?:s|ing)?)\s+(?:directly\s+|straight\s+|initially\s+)?(?:in)?to\b\s*:?\s*(?P<target>[^\n]+)", re.I)
_CUT = re.compile(
    r"\s*(?:[,(]\s*(?=[a-z])|[;!?:)]|\s+[-–—]\s+|\s+(?:to|and|or|but|while|with|in|who|which|where|as|for|on|at|"
    r"from|within|based|so|until|across|through|by|via)\s+(?=[a-z])|$)"
)
_LEADING = re.compile(r"^(?:(?:our|the|your|a|an|one\s+of\s+our|one\s+of\s+the|this|company['’]?s?)\s+)+", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_GENERIC_MAILBOX = re.compile(
    r"^(?:jobs?|careers?|hr|people|talent|recruit\w*|hiring|apply|applications?|info|hello|contact|privacy|"
    r"accommodations?|accessibility|support|team|work|noreply|no-reply)@",
    re.I,
)
_CONTACT_VERB = re.compile(r"\b(?:contact|reach\s+out\s+to|e-?mail|write\s+to|send\b[^.]{0,40}?\bto|questions?)\b", re.I)


def _clause_end(text: str) -> str:
    """The text up to the end of its sentence, not fooled by "Sr." or "e.g."."""
    for found in re.finditer(r"[.!?;\n]", text):
        if found.group() == ".":
            word = re.findall(r"([\w.]+)$", text[: found.start()])
            if word and word[0].lower() in _ABBREVIATIONS:
                continue
            if found.end() < len(text) and not text[found.end()].isspace():
                continue  # "Node.js", "v1.2"
        return text[: found.start()]
    return text


def _tidy(text: str) -> str:
    return _LEADING.sub("", text.strip(" ,.:-–—\"'“”")).strip(" ,")


def person_from_phrase(phrase: str, role: str = "manager", context: str = "") -> NamedPerson | None:
    """"Jane Doe, our VP of Engineering" / "our CTO, Jane Doe" / "the Head of Design" -> a person;
    `context` is the posting's title (a team it names is never read as a name)."""
    text = _tidy(_clause_end(phrase))
    # Name and title on either side of a comma or in brackets.
    pair = re.match(r"^(?P<a>[^,(]+?)\s*(?:,|\()\s*(?:(?:who\s+is|is)\s+)?(?P<b>[^,()]+?)\)?(?:,|$)", text)
    if pair:
        a, b = _tidy(pair.group("a")), _tidy(_CUT.split(pair.group("b"), maxsplit=1)[0])
        if is_person_name(a) and looks_like_title(b):
            return NamedPerson(name=a, title=b, role=role)
        if looks_like_title(a) and is_person_name(b) and not _named_in(b, context):
            return NamedPerson(name=b, title=a, role=role)
    title = _tidy(_CUT.split(text, maxsplit=1)[0])
    if is_person_name(title):
        return NamedPerson(name=title, role=role)
    if looks_like_title(title) and len(title.split()) <= 10 and title[:1].isupper():
        return NamedPerson(title=title, role=role)
    return None


def _named_in(words: str, context: str) -> bool:
    """Whether every word of `words` is in `context` (the posting's own title): "Lead Data Scientist,
    Climate Risk" in a posting for "Data Scientist, Climate Risk" names a team, not a person."""
    mine = re.findall(r"\w+", words.lower())
    return bool(mine) and set(mine) <= set(re.findall(r"\w+", (context or "").lower()))


def find_reports_to(text: str, context: str = "") -> NamedPerson | None:
    """The person or title the role reports to, as stated in the text; None when it says nothing.
    `context` is the posting's title (see `person_from_phrase`)."""
    text = text or ""
    for label, value in label_lines(text):  # "Reports to: ...", "Berichtet an: ...", "Hiring manager: ..."
        if field_of(label) in ("reports_to", "hiring_manager"):
            person = person_from_phrase(value, context=context)
            if person is not None:
                return person
    for found in _REPORT.finditer(text):
        if _is_verb(text[: found.start()], found.group("verb").lower()):
            person = person_from_phrase(found.group("target"), context=context)
            if person is not None:
                return person
    return None


def _is_verb(before: str, verb: str) -> bool:
    """Whether "report(s|ing)" here is the verb of a reporting line, judged by the word before it."""
    tail = before.replace("’", "'")[-40:]
    if re.search(r"(?:^|[\n.!?;:,(\-–—•*])\s*$", tail):
        return True  # "Reporting to the CTO, ...", "- Reports to the VP of Sales"
    words = re.findall(r"[\w']+", tail.lower())
    previous = words[-1] if words else ""
    if verb == "reporting":
        return previous in _REPORTING_AFTER
    return previous in _SUBJECTS


def _name_before(text: str) -> tuple[str | None, str | None]:
    """The last "Name[, Title]" or "Title, Name" in the text before an email address."""
    lead = re.compile(r"^(?:(?:Contact|Email|E-mail|Please|Questions|For|Reach|Send|Write|Or|Our)\s+)+")
    for seq in reversed(list(re.finditer(rf"{_NAME_WORD}(?:\s+{_NAME_WORD})*", text))):
        name = lead.sub("", seq.group())
        if not is_person_name(name):
            continue
        after = re.match(r"\s*,\s*(?:our\s+|the\s+)?([^,()]+?)\s*(?:,|\(|\bat\b|$)", text[seq.end() :])
        if after and looks_like_title(after.group(1)):
            return name, _tidy(after.group(1))
        before = text[: seq.start()].rstrip()
        if before.endswith(","):  # "our Talent Partner, Sam Lee": the capitalised run before the comma
            words = before[:-1].split()
            run: list[str] = []
            while words and (words[-1][:1].isupper() or words[-1] in ("of", "and", "&")):
                run.insert(0, words.pop())
            title = " ".join(run).strip()
            if looks_like_title(title):
                return name, title
        return name, None
    return None, None


def find_people(text: str) -> tuple[NamedPerson, ...]:
    """People the text names with an address ("contact Jane Doe at jane@x.com"); mailboxes alone skipped."""
    people: list[NamedPerson] = []
    seen: set[str] = set()
    for found in _EMAIL.finditer(text or ""):
        email = found.group().rstrip(".")
        start = max(text.rfind("\n", 0, found.start()), text.rfind(". ", 0, found.start()), 0)
        before = text[start : found.start()]
        if not _CONTACT_VERB.search(before) or email.lower() in seen:
            continue
        name, title = _name_before(before[-120:])
        if name is None and _GENERIC_MAILBOX.match(email):
            continue
        role = "recruiter" if re.search(r"recruit|talent", (title or "") + before, re.I) else "contact"
        seen.add(email.lower())
        people.append(NamedPerson(name=name, title=title, email=email, role=role))
    return tuple(people)
