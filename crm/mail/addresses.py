"""Email addresses as the sync compares them: lower-cased, plus-addressing folded."""

from __future__ import annotations

from email.utils import getaddresses


def fold(address: str) -> str:
    """`Jane+Jobs@Acme.COM` -> `jane@acme.com`: the form two spellings of one mailbox share."""
    text = address.strip().strip("<>").lower()
    local, at, domain = text.rpartition("@")
    if not at:
        return text
    return f"{local.split('+', 1)[0] or local}@{domain}"


def domain_of(address: str) -> str:
    """The domain of an address, lower-cased ("" when there is none)."""
    return address.rpartition("@")[2].strip().strip(">").lower() if "@" in address else ""


def parse_list(values: list[str]) -> list[tuple[str, str]]:
    """(display name, lower-cased address) of every address in these header values; nonsense left out."""
    found = []
    for name, address in getaddresses([v for v in values if v]):
        address = address.strip().lower()
        if "@" in address and " " not in address and address.count("@") == 1:
            found.append((name.strip(), address))
    return found


def same_site(domain: str, company_domain: str) -> bool:
    """True when `domain` is the company's domain or one under it (mail.acme.com for acme.com)."""
    domain, company_domain = domain.lower(), company_domain.lower().removeprefix("www.")
    return bool(company_domain) and (domain == company_domain or domain.endswith("." + company_domain))


_PATTERNS = ("{first}.{last}", "{first}{last}", "{f}{last}", "{first}_{last}", "{first}-{last}", "{f}.{last}",
             "{first}", "{last}", "{last}.{first}", "{first}{l}", "{last}{f}")


def pattern_of(address: str, name: str) -> str | None:
    """The pattern an address follows for its owner's name ("{first}.{last}"), None when none fits."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", name.lower())
    words = ["".join(c for c in w if c.isalnum() and not unicodedata.combining(c)) for w in plain.split()]
    words = [w for w in words if w]
    if len(words) < 2:
        return None
    first, last = words[0], words[-1]
    local = address.partition("@")[0].lower()
    for pattern in _PATTERNS:
        if pattern.format(first=first, last=last, f=first[0], l=last[0]) == local:
            return pattern
    return None
