"""Is this short text a person's name? Honorifics, ranks, initials, hyphens, particles, accents and
post-nominal letters survive; words that only ever name a job, a team or a page do not.

A surname that is also a word ("Walker", "Cook", "Mason", "Marshall", "Chancellor") is still a
name: only words that are never part of one disqualify a text. Checks run cheapest first and every
answer is cached, so a page of 60,000 names is read in seconds.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from nameparser import HumanName

# Lower-case words that sit inside real names without a capital ("Ludwig van Beethoven").
PARTICLES = frozenset({
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "la", "le", "ter",
    "ten", "bin", "binti", "ibn", "al", "el", "y", "e", "zu", "af", "av", "st.", "mac", "ap", "ab", "verch",
    "ní", "nic", "ua", "bint", "van der", "van den", "d'", "do", "i", "'t", "vanden", "vander",
})
# Forms of address and ranks written before a name: "Dr.", "Prof.", "Maj Gen", "Air Vice-Marshal".
HONORIFICS = frozenset("""
dr mr mrs ms mx miss prof professor sir dame lord lady rev revd reverend hon rt mme mlle madame monsieur herr frau
alh alhaji alhaja engr arc barr pastor imam rabbi sheikh
dhr mevr ir drs ing dipl mag sra srta dra dott dottssa prof.dr dr.-ing
gen general maj major lt lieutenant col colonel capt captain cdr commander cmdr brig brigadier adm admiral
air vice-marshal marshal avm cdre commodore rear vice chief sgt sergeant cpl
""".split())
# Letters after a name: degrees, qualifications, honours, generations ("Jane Doe, M.D., Ph.D.").
SUFFIXES = frozenset("""
jr sr ii iii iv v phd ph.d md m.d mba esq cpa dphil msc bsc ba ma mphil llb llm frcp frcs frs obe mbe cbe
kc qc rn np pe pmp cfa acca aca cima frsa mrcp mrcgp dds dvm facs fcca pgce jd edd do od boptom hons
""".split())
# A degree written the way post-nominals are: "M.D.", "B.Sc", "B.Optom(Hons)", "FRCS", "Ph.D".
# Degree letters: capitals each followed by at most two small letters ("PhD", "MSc", "FRCS") or by a
# known abbreviation ("DPhil", "MEng"), or abbreviations joined by dots ("M.Optom", "B.Vis.Sc");
# "McAfee" is a company.
_DEGREE = re.compile(r"^(?:(?:[A-Z](?:[a-z]{0,2}|phil|eng|arch|econ|litt|mus|pharm|chem|comm)\.?){1,4}|"
                     r"(?:[A-Z][A-Za-z]{0,5}\.){1,3}[A-Z][A-Za-z]{0,5}\.?)(?:\([A-Za-z]+\))?$")
# German-speaking degrees and grades: "Dr.-Ing.", "Dipl.-Kfm.", "Mag.", "rer. nat." pieces.
_ACADEMIC = re.compile(r"^(?:(?:Dr|Dipl|Mag|Prof)\.-?(?:Ing|Kfm|Kffr?|Inf|Psych|Päd|Biol|Phys|Math|Soz|Oec)\.?|"
                       r"Mag\.|rer\.|nat\.|pol\.|oec\.|phil\.|med\.|jur\.|habil\.|Dipl\.|B\.A\.|M\.A\.)$")
_PRONOUNS = re.compile(r"\s*\(\s*(?:she|he|they|ze|xe|it|any)\s*/\s*\w+(?:\s*/\s*\w+)?\s*\)", re.IGNORECASE)

# Words that never appear in a person's name but often sit where names do: headings, buttons, job
# titles, teams, company names, in English and the other languages team pages are written in.
NOT_NAME_WORDS = frozenset("""
our the team meet read more about us contact company leadership people staff founders founder board
advisors advisor adviser investors investor careers jobs job join menu home blog news press learn view all see
profile bio linkedin twitter github email mail follow share next previous back close open apply now
engineer engineering engineers manager managers director directors head heads chief officer officers vp vice-president
president presidents honorary chair co-chair vice deputy acting interim emeritus
lead leads principal senior junior staff intern interns designer designers developer developers product marketing
sales operations finance legal counsel support success customer customers recruiter recruiting talent hr
analyst analysts scientist scientists architect architects consultant consultants coordinator specialist associate
associates executive executives assistant assistants partner partners managing ceo cto cfo coo cmo cpo cro ciso cio chro
co-founder cofounder owner owners administrator admin agent representative rep account accounts
inc llc ltd gmbh corp corporation co labs lab technologies technology systems solutions group holdings
software studio studios ventures capital agency digital cloud data ai io app apps platform
story mission values culture office offices location locations privacy terms policy cookie cookies
copyright rights reserved welcome hello hi thanks thank you we are is in of for with at by on to
and or from who what why how new get started free trial demo pricing features products services
quote testimonial testimonials review reviews faq help documentation docs resources events webinar
department departments member members student students working trainee trainees apprentice graduate employees
hiring open positions roles role author name names photo image avatar portrait picture logo icon immagine imagen imagem afbeelding ritratto retrato portret
secretary treasurer chairman chairwoman chairperson attorney attorneys lawyer lawyers solicitor solicitors
evangelist advocate programmer technician technicians marketer writer editor researcher researchers strategist
teacher teachers tutor tutors counsellor counselor educator educators assessor inspector fellow fellows postdoc
postdocs lecturer candidate volunteers volunteer committer committers contributor contributors maintainer
maintainers alumni alumnus former emeritus ambassador ambassadors mentor mentors coach coaches
alle unser unsere unser team über uns kontakt leitung geschäftsführer geschäftsführerin geschäftsführung
leiter leiterin abteilungsleiter teamleiter bereichsleiter vorstand vorsitzender vorsitzende mitarbeiter
mitarbeiterin entwickler entwicklerin berater beraterin referent referentin vertrieb buchhaltung kundenservice
kundenbetreuung personal sekretariat assistenz inhaber inhaberin prokurist
notre équipe equipe directeur directrice responsable chef chargé chargée gérant gérante président présidente
ingénieur ingénieure développeur développeuse comptable commercial commerciale assistante conseiller conseillère
nuestro nuestra equipo director directora jefe jefa gerente coordinador coordinadora ingeniero ingeniera
desarrollador desarrolladora contador contadora socio socia abogado abogada
ons over hoofd medewerker medewerkster teamleider adviseur ontwikkelaar eigenaar voorzitter penningmeester
secretaris bestuur bestuurslid
nossa nosso equipe diretor diretora coordenador coordenadora chefe analista desenvolvedor desenvolvedora
presidente sócio sócia engenheiro engenheira
catedrático catedrática profesor profesora titular investigador investigadora universidad doctorando doctoranda
becario becaria postdoctoral hilfskraft studentische studentischer wissenschaftliche wissenschaftlicher lehrer
lehrerin abgeordnete gymnasium schule universität institut professeur professeure chercheur chercheuse doctorant
doctorante maître docent hoogleraar promovendus onderzoeker universiteit professora pesquisador pesquisadora
doutorando doutoranda bolsista universidade escola
conseil administration comité bureau raad consejo conselho junta association verein stichting fondation fundación
fundação foundation trust committee council society institute practitioner practitioners estudiante doctorado
s.a s.l s.r.l s.a.s ltda sarl sas spa srl bv nv plc pty kg ohg e.v mbh ag a.s s.p.a cia
expertise excellence innovation strategy strategic regulatory collective development business banking insights
approach vision impact community partnership partnerships history overview introduction experience industry
industries sector sectors clients consulting advisory investment investments research interests education
publications projects project area área areas bereich departamento département afdeling setor
procurador procuradora controle controladoria jurídico jurídica organisation organization organización
analysis inference perception learning robotics mechanics modelling modeling planning theory optimization
sistema nacional internacional banco empresa empresas servicio servicios serviço serviços ministerio ministério
secretaría gobierno governo municipal estatal orientador orientadora educador educadora educadores sociais
administrativo administrativa apoio equipa auxiliar associação asociación associazione ipss
public private key keys download pdf cv resume website homepage personal page
optimisation networks network biology chemistry physics mathematics statistics economics computing computer
""".split())
# Words of the list above that are also family names: allowed last, after a known given name ("Nate Sales").
_SURNAME_WORDS = frozenset("sales marketing support legal finance design product people operations data growth talent "
                           "success story young king bishop walker cook mason fisher marshall chancellor partner lead "
                           "head chief owner hope rich stone price case office cloud studio ventures capital".split())

# Forms of address that are never part of a name itself ("Willis F. Harrington Professor" is a chair).
_ADDRESS_ONLY = frozenset("dr mr mrs ms mx prof professor sir dame rev revd reverend hon herr frau madame monsieur "
                          "mme mlle dhr mevr sra srta dra".split())
_NAME_CHARS = re.compile(r"^[^\W\d_][\w'’.\-]*$", re.UNICODE)
_INITIAL = re.compile(r"^[^\W\d_]\.(?:[^\W\d_]\.)*$", re.UNICODE)
_SPACE = re.compile(r"\s+")
_NICKNAME = re.compile(r"\s[“\"‘'(][^\W\d_][\w.-]*[”\"’')]\s", re.UNICODE)
_ACRONYMS = frozenset("HR PR VP ML NY LA SF UK US EU QA UX UI AI IT BI CX DX GM MD PM EM IC BD CS SE OK ID TV".split())


def normalize_space(text: str) -> str:
    """Collapse every run of whitespace (including non-breaking spaces) to one space and strip."""
    return _SPACE.sub(" ", (text or "").replace("\u00a0", " ").replace("\u200b", "")).strip()


def core_span(words: list[str]) -> tuple[int, int]:
    """Where the name proper starts and ends among `words`: leading forms of address and ranks
    ("Dr.", "Maj Gen", "R Adm") and trailing letters ("Jr", "PhD") are outside it."""
    start, end = 0, len(words)
    if end > 3 and len(words[0].rstrip(".")) == 1 and _bare(words[1]) in ("adm", "gen"):
        start = 2  # "R Adm N W Hine", "V Adm B J Key"
    while end - start > 2 and _bare(words[start]) in HONORIFICS:
        start += 1
    while end - start > 2 and _bare(words[end - 1]) in SUFFIXES:
        end -= 1
    return start, end


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A matching key for a name: accents folded, lower-case, punctuation, leading honorifics and ranks,
    and trailing post-nominals dropped ("Dr. José Álvarez, PhD" -> "jose alvarez")."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace("ł", "l").replace("ø", "o")
    words = re.findall(r"[a-z0-9]+", text)
    while len(words) > 2 and words[0] in HONORIFICS:
        words.pop(0)
    while len(words) > 2 and words[-1] in SUFFIXES:
        words.pop()
    return " ".join(words)


def _is_capitalised(word: str) -> bool:
    first = next((c for c in word if c.isalpha()), "")
    return bool(first) and first.isupper()


def _bare(word: str) -> str:
    return word.strip(",").lower().rstrip(".")


def _word_ok(word: str, first: bool = False) -> bool:
    bare = _bare(word)
    if bare in HONORIFICS or bare in SUFFIXES:
        return True
    if word in PARTICLES or word.lower() in ("d'",):  # lower-case only: "Ben" and "Van" are ordinary names
        return True
    if word.isupper() and word.lower() in PARTICLES and len(word) >= 2:
        return True  # "Nadia EL MANSOURI", "Jean-Baptiste LE GOFF": a surname in capitals, particle and all
    if _INITIAL.match(word) or re.fullmatch(r"[^\W\d_]", word):
        return word[0].isupper()
    if word.isupper() and len(word) <= 3 and not (first and len(word) == 2 and word not in _ACRONYMS):
        return False  # an acronym (NG, CTO, HR), not a name; "TJ DeVries" keeps his initials
    if not _NAME_CHARS.match(word.rstrip(",")):
        return False
    # "McDonald", "O'Neil", "Jean-Luc", "d'Arcy": a capital somewhere after optional lower prefix.
    parts = [p for p in re.split(r"[-'’]", word) if p]
    return any(_is_capitalised(p) for p in parts)


def _known(word: str) -> bool:
    from scrapers.lexicon.first_names import is_first_name

    return is_first_name(word)


def clean_name(text: str) -> str:
    """The text with whitespace collapsed and stray punctuation (commas, bullets, colons) trimmed."""
    text = normalize_space(text)
    return text.strip(" ,;:|•·–—-*_\"'“”¶#")


def _post_nominal(piece: str) -> bool:
    """A comma-separated piece made only of post-nominal letters ("M.D.", "PhD", "B.Sc MSc FRCS")."""
    words = piece.split()

    def degree(w: str) -> bool:
        return (bool(_ACADEMIC.match(w)) or _bare(w) in SUFFIXES or _bare(w).replace(".", "") in SUFFIXES
                or bool(_DEGREE.match(w) and ("." in w or "(" in w or not w.isupper()) and any(c.isupper() for c in w[1:])))

    degrees = [degree(w) for w in words]
    # "UNSW" after "B.Sc": the awarding university's initials belong with the degree
    return bool(words) and any(degrees) and all(d or (w[:1].isupper() and len(w) <= 5) for d, w in zip(degrees, words))


def without_post_nominals(text: str) -> str:
    """"Jane Doe, M.D., Ph.D." -> "Jane Doe", "Anna Smith MBA" -> "Anna Smith"; pronouns in brackets go
    too ("Sam Lee (they/them)"). An all-capital surname stays ("Jean DUPONT")."""
    text = _PRONOUNS.sub("", normalize_space(text))
    pieces = [p.strip() for p in text.split(",")]
    while len(pieces) > 1 and _post_nominal(pieces[-1]):
        pieces.pop()
    words = ", ".join(pieces).split()
    while len(words) > 2 and _bare(words[-1]).replace(".", "") in SUFFIXES:
        words.pop()
    return " ".join(words).rstrip(" ,")


def drop_leading_post_nominals(title: str) -> str:
    """"M.D., Ph.D., Medical Director" (what follows a name's comma) -> "Medical Director"."""
    pieces = [p.strip() for p in title.split(",")]
    while len(pieces) > 1 and _post_nominal(pieces[0]):
        pieces.pop(0)
    return ", ".join(pieces)


@functools.lru_cache(maxsize=65536)
def is_person_name(text: str, *, company: str | None = None, single: bool = False) -> bool:
    """True when `text` reads as a person's full name (a given and a family name; one word if `single`)."""
    text = _NICKNAME.sub(" ", clean_name(text))
    if not text or len(text) > 70 or any(c.isdigit() for c in text):
        return False
    if any(c in text for c in "@/&+:|?!()[]{}<>=#%;\"“”…"):
        return False
    # A comma only ever precedes a suffix ("Jane Doe, PhD"); "Lagos, NG" is a place.
    for after in text.split(",")[1:]:
        if _bare(after.strip()) not in SUFFIXES:
            return False
    words = text.replace(",", " ").split()
    if not (1 if single else 2) <= len(words) <= 7:
        return False
    if company and name_key(text) == name_key(company):
        return False
    start, end = core_span(words)
    if single and len(words) == 1:
        start, end = 0, 1
    core = []
    for position, word in enumerate(words):
        inside = start <= position < end
        if inside and _bare(word) in _ADDRESS_ONLY:
            return False
        if inside and _bare(word) in NOT_NAME_WORDS:
            if not (position == end - 1 > start and _bare(word) in _SURNAME_WORDS and _known(words[start])):
                return False
        if not inside:
            if not _is_capitalised(word) and not _INITIAL.match(word):
                return False
            continue
        if not _word_ok(word, first=position == start and end - start > 1):
            return False
        if word not in PARTICLES:
            core.append(word)
    if single and len(core) == 1 and len(words) == 1:  # "Wen", "Anne-Marie"
        return len(core[0]) >= 2 and all(part[:1].isupper() and part[1:].islower() for part in core[0].split("-"))
    if len(core) >= 2 and len(core[-1].rstrip(".")) < 2:
        from scrapers.lexicon.first_names import is_first_name

        if not (len(core) == 2 and is_first_name(core[0]) and core[-1].isupper()):
            return False  # a family name is an initial only after a known given name ("Xavier R", not "Series A")
    if len(core) < 2 or all(_INITIAL.match(w) or len(w.rstrip(".")) == 1 for w in core):
        return False
    if len(core) > 5:
        return False
    # A line that starts with a job word is a title ("Asistente Administrativa", "Leiter Vertrieb"),
    # unless that word is also a given name ("Dean Moss").
    from scrapers.lexicon.titles import looks_like_title

    if looks_like_title(core[0]) and not _known(core[0]):
        return False
    # Shouting ("JANE DOE") is a name written in capitals; a single all-caps acronym word is not.
    if all(w.isupper() for w in core) and any(len(w) <= 3 for w in core if not _INITIAL.match(w)):
        return False
    if _plain(text):
        return True
    parsed = HumanName(text)
    # nameparser's title list holds some given names ("Timi", "Sir" aside): a known given name wins.
    return bool(parsed.last and (parsed.first or _known(core[0])))


@functools.lru_cache(maxsize=1)
def _parser_words() -> frozenset[str]:
    """Every word nameparser treats as other than a given, middle or family name."""
    from nameparser.config import CONSTANTS

    return frozenset().union(CONSTANTS.titles, CONSTANTS.suffix_acronyms, CONSTANTS.suffix_not_acronyms,
                             CONSTANTS.prefixes, CONSTANTS.conjunctions, CONSTANTS.first_name_titles)


def _plain(text: str) -> bool:
    """Two or three plain words, none of which nameparser reads as a title, suffix, particle or joiner:
    it would find a given and a family name, so it need not run (it is most of the time on big pages)."""
    words = text.split()
    return 2 <= len(words) <= 3 and not any(c in text for c in ",.'\"") and \
        not any(w.lower() in _parser_words() for w in words)


_SEPARATORS = (" — ", " – ", " - ", " | ", " · ", " • ", ": ", ", ", " —", "— ", " –", "– ", " / ")


@functools.lru_cache(maxsize=65536)
def split_name_title(text: str, family_first: bool = False) -> tuple[str, str] | None:
    """Split "Jane Doe — CTO", "Jane Doe, CTO", "CTO: Jane Doe", "Jane Doe (CTO)" or "Jane Doe, M.D.,
    Director" into (name, title); post-nominal letters and pronouns are left out of both."""
    from scrapers.lexicon.titles import looks_like_title

    text = _PRONOUNS.sub("", normalize_space(text))
    if len(text) > 160:
        return None
    paren = re.fullmatch(r"(.+?)\s*\((.+)\)", text)
    if paren and is_person_name(without_post_nominals(paren.group(1))):
        inside = normalize_space(paren.group(2))
        name = clean_name(without_post_nominals(paren.group(1)))
        if _HANDLE.fullmatch(inside) and not looks_like_title(inside):
            return name, ""  # "Martin Wimpress (flexiondotorg)": a user name, not a title
        if looks_like_title(inside) or (_role_like(inside) and _known(name.split()[0]) and not _names_people(inside)):
            return name, inside
    for sep in _SEPARATORS:
        if sep not in text:
            continue
        for cut in (_cuts(text, sep)):
            left, right = clean_name(text[:cut]), _without_contact_tail(clean_name(text[cut + len(sep):]))
            name = without_post_nominals(left)
            name = inverted_name(name, family_first) or name if sep != ", " else name
            right = drop_leading_post_nominals(right)
            if is_person_name(name) and right and not _post_nominal(right) and not _names_people(right) and (
                    looks_like_title(right) or _role_like(right)):
                return clean_name(name), right
            person = without_post_nominals(right)
            if sep != ", " and is_person_name(person) and (looks_like_title(left) or (
                    sep == ": " and _role_like(left) and _known(person.split()[0])
                    and not FIELD_LABEL.match(f"{left}:") and not _CREDIT_LABEL.match(left))):
                return clean_name(person), left  # "Ordförande: John Hägglöf", "Kassenwart: Anna Roth"
    return None


# Labels of a person's other fields, before a colon: "Name: Jane Doe", "Navn:", "Mail:", "Tlf:", "Adresse:".
FIELD_LABEL = re.compile(r"^(name|navn|namn|nom|nombre|naam|nome|nimi|mail|e-?mail|tlf|tel|telefon|phone|fax|mobil|"
                         r"mobile|adresse|address|dirección|indirizzo|contact|kontakt|contacto|contatto)\s*:",
                         re.IGNORECASE)
# Labels that credit a person rather than give their role: "Foto: Jane Doe", "Text: Jane Doe".
_CREDIT_LABEL = re.compile(r"^(photo|foto|bild|picture|credit|credits|photographer|author|autor|auteur|by|text|texte|"
                           r"source|quelle|fuente|bron)\b", re.IGNORECASE)


# A user name in brackets after a name: one word, with a digit, a lower-case start, a capital inside
# or a mark ("sc0w", "flexiondotorg", "MotoHoss", "stefano-k", "@jane").
_HANDLE = re.compile(r"@?(?=\S*[\d_.\-@]|[a-z]|\S+[a-z][A-Z])[\w.\-]{2,39}")
_CONTACT_PIECE = re.compile(r"^(?:(?:ext|x|tel|phone|fax|durchwahl|dw|poste|room|raum)\.?\s*:?\s*\d[\d\s./-]*\.?|"
                            r"\+?[\d\s().\-/]{7,}|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)$", re.IGNORECASE)


# An address written to fool harvesters, in brackets after a name: "(j.doe ‘at’ example.org)", "(jane [at] x.nl)".
_OBFUSCATED_ADDRESS = re.compile(r"\s*\(\s*[\w.+-]+\s*(?:[\[({'‘’\"]\s*)?(?:at|@)(?:\s*[\])}'‘’\"])?\s*[\w-]+"
                                 r"(?:\s*(?:\.|[\[(]?dot[\])]?)\s*[\w-]+)+\s*\)\s*$", re.IGNORECASE)


def _without_contact_tail(text: str) -> str:
    """"Bookkeeper, Ext. 114, jo@x.org" -> "Bookkeeper": extensions, numbers and addresses after a title."""
    text = _OBFUSCATED_ADDRESS.sub("", text)
    pieces = [p.strip() for p in text.split(",")]
    while len(pieces) > 1 and (not pieces[-1] or _CONTACT_PIECE.match(pieces[-1])):
        pieces.pop()
    return ", ".join(pieces)


def inverted_name(text: str, family_first: bool = False) -> str | None:
    """"Becker, Georg" (family name first, as directories and rosters list people) as "Georg Becker",
    when the part after the comma starts with a known given name and the part before it does not (or
    does too, where `family_first` says the list writes names that way: "Brandt, Ole")."""
    family, comma, given = normalize_space(text).partition(", ")
    if not comma or "," in given or not family or not given or len(family.split()) > 3 or len(given.split()) > 3:
        return None
    first_of_family = family.split()[0]
    if not _known(given.split()[0]):
        return None
    if not family_first and all(_known(part) for part in first_of_family.split("-")):
        return None  # "Thomas, James" could be either way round: leave it
    name = f"{given} {family}"
    return name if is_person_name(name) else None


def _names_people(text: str) -> bool:
    """"Michel Cayrol, Dominique Barthelet": a list of names, not a title."""
    return any(is_person_name(part) and _known(part.split()[0]) for part in re.split(r",|;| and | et | und | y ", text)
               if part.strip())


def _cuts(text: str, sep: str) -> list[int]:
    """Where `sep` stands in `text`: the first place first, then (for commas) the later ones, since
    post-nominals ("Jane Doe, M.D., Director") put commas inside the name part."""
    places = [m.start() for m in re.finditer(re.escape(sep), text)]
    return places if sep == ", " else places[:1]


def _role_like(text: str) -> bool:
    """A short line that can stand for a title beside a name the page shows as one ("Tutor")."""
    words = text.split()
    return (0 < len(words) <= 8 and not any(c.isdigit() for c in text) and not text.endswith((".", "!", "?"))
            and not is_person_name(text) and "@" not in text)


# "Meet Jane Doe", "Lernen Sie unsere Kollegin Jane Doe kennen", "Conheça Jane Doe": a name inside a
# short heading sentence. The name is the longest run of name-like words the sentence ends on (or
# ends on before a closing verb).
_MEET = re.compile(
    r"^(?:meet|say hello to|say hi to|introducing|lernen sie|treffen sie|das ist|rencontrez|découvrez|voici|"
    r"conoce a|conozca a|les presentamos a|maak kennis met|dit is|conheça|apresentamos)\b(?P<rest>.*?)"
    r"(?:\s+(?:kennen|kennenlernen))?[.!]?$", re.IGNORECASE)


_INTRODUCERS = frozenset("den die das dem unseren unsere unser unserer our notre nos nuestro nuestra onze nossa nosso".split())


@functools.lru_cache(maxsize=8192)
def name_in_sentence(text: str) -> tuple[str, str] | None:
    """(name, title) of the person a short "Meet Jane Doe" heading introduces ("Lernen Sie den
    Co-Gründer Max Mustermann kennen" -> ("Max Mustermann", "Co-Gründer")), or None."""
    from scrapers.lexicon.titles import looks_like_title

    found = _MEET.match(normalize_space(text))
    if not found:
        return None
    words = found.group("rest").split()
    title = ""
    for i, word in enumerate(words[:-2]):  # "den Kollegen Max Mustermann": an article and its noun go first
        if word.lower() in _INTRODUCERS:
            title = words[i + 1] if looks_like_title(words[i + 1]) else ""
            words = words[i + 2:]
            break
    for size in range(min(4, len(words)), 1, -1):  # the longest name-like tail first
        tail = " ".join(words[-size:])
        if is_person_name(tail):
            return clean_name(tail), title
    return None
