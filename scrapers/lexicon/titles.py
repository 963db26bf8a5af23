"""Job titles as data: function, sub-team, level, and whether the holder manages people."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from scrapers.lexicon.glossary import in_english

# Levels on one scale so "one level up" is arithmetic. ICs 0-4, managers 5+, the C-suite 8.
# A head of something ranks just below a director: in large organisations "Head of Quality" reports to
# a director, and in a start-up with no directors a head is still the first manager above the team.
# A deputy or an assistant director is half a step below the title it deputises for; the chief
# executive (or president, permanent secretary) is above the rest of the C-suite.
INTERN, JUNIOR, MID, SENIOR, STAFF = 0.0, 1.0, 2.0, 3.0, 4.0
MANAGER, SENIOR_MANAGER, HEAD, DIRECTOR, SENIOR_DIRECTOR = 5.0, 5.5, 5.75, 6.0, 6.5
VP, SVP, EXECUTIVE, TOP = 7.0, 7.5, 8.0, 8.5

LEVEL_NAMES = {
    INTERN: "intern", JUNIOR: "junior", MID: "mid-level", SENIOR: "senior", STAFF: "staff/lead",
    MANAGER: "manager", SENIOR_MANAGER: "senior manager", DIRECTOR: "director", HEAD: "head",
    SENIOR_DIRECTOR: "senior director", VP: "VP", SVP: "SVP", EXECUTIVE: "executive", TOP: "executive",
}

# (function, sub-team or None, pattern). Order matters: the first match wins, specific before broad.
_RULES: tuple[tuple[str, str | None, str], ...] = (
    ("people", "recruiting", r"recruit\w*|talent acquisition|talent partner|sourcer|sourcing"),
    ("people", None, r"people|human resources|\bhr\b|hrbp|talent|people ops|chro|chief people"),
    ("legal", None, r"legal|counsel|attorney|lawyer|paralegal|compliance|privacy officer|\bclo\b"),
    ("finance", None, r"financ\w*|accounting|accountant|controller|\bfp&a\b|treasur\w*|\bcfo\b|payroll|bookkeep\w*|tax"),
    ("design", None, r"design\w*|\bux\b|\bui\b|user experience|user research\w*|illustrat\w*|creative director"),
    ("marketing", "product marketing", r"product marketing|\bpmm\b"),
    ("marketing", "growth", r"growth|demand gen\w*|performance marketing|acquisition|\bseo\b|lifecycle|\bcrm\b|"
                            r"retention|email marketing"),
    ("marketing", "content", r"content|copywrit\w*|editor\w*|communications|\bpr\b|public relations|brand|"
                             r"social media"),
    ("marketing", "devrel", r"developer relations|devrel|developer advocate|community"),
    ("marketing", None, r"marketing|\bcmo\b|events"),
    ("sales", "sdr", r"\bsdr\b|\bbdr\b|sales dev(elopment)?\b|business development rep\w*"),
    ("sales", "solutions", r"solutions? (engineer|architect|consultant)\w*|sales engineer\w*|pre-?sales|"
                           r"customer engineer\w*"),
    ("sales", "enablement", r"(sales|revenue) enablement"),
    ("sales", None, r"\bsales\b|account executive|\bae\b|business development|\bcro\b|revenue|partnerships|"
                    r"solutions engineer|sales engineer|pre-?sales|commercial|\bbids?\b|tender\w*|proposals?"),
    ("sales", "accounts", r"account manag\w*|key accounts?|client partner"),
    ("support", "success", r"customer success|\bcsm\b|client success|onboarding|implementation"),
    ("support", None, r"support|applications? engineer\w*|customer (training|support|success) engineer\w*|"
                      r"customer service|customer experience|\bcx\b|help ?desk|customer care"),
    ("product", None, r"product manag\w*|product owner|product lead|head of product|vp,? product|"
                      r"\bcpo\b|chief product|director of product|product director|\bproduct\b|program manag\w*"),
    ("engineering", "security", r"security|\bciso\b|appsec|infosec"),
    ("engineering", "ml", r"machine learning|\bml\b|\bai\b|deep learning|\bnlp\b|computer vision|\bllm\b|research scientist|applied scientist"),
    ("engineering", "data", r"\bdata\b|analytics|\bbi\b|business intelligence|data scien\w*|analyst"),
    ("engineering", "mobile", r"mobile|\bios\b|android|react native|flutter"),
    ("engineering", "frontend", r"front[- ]?end|web developer|\bweb\b|\bui engineer"),
    ("engineering", "backend", r"back[- ]?end|\bapi\b|server[- ]side|distributed systems"),
    ("engineering", "platform", r"platform|developer experience|\bdx\b|tooling|build|core"),
    ("engineering", "infra", r"infra\w*|devops|\bsre\b|site reliability|reliability|cloud|sysops|systems|network|it\b"),
    ("engineering", "qa", r"\bqa\b|quality|test\w*|\bsdet\b"),
    ("engineering", "fullstack", r"full[- ]?stack"),
    ("engineering", None, r"engineer\w*|developer|programmer|software|\bcto\b|technical|technology|"
                          r"architect|\bdev\b|tech lead|coder|firmware|embedded"),
    ("operations", None, r"operations|\bops\b|\bcoo\b|office manag\w*|chief of staff|strategy|"
                         r"business operations|bizops|logistics|procurement|facilities|executive assistant|"
                         r"administrat\w*"),
)
_COMPILED = tuple((f, s, re.compile(p, re.IGNORECASE)) for f, s, p in _RULES)

# C-level acronyms and the functions their holder owns (a CTO owns engineering).
_EXEC_OWNS: dict[str, tuple[str, ...]] = {
    "cto": ("engineering",), "chief technology officer": ("engineering",),
    "ciso": ("engineering",), "chief information security officer": ("engineering",),
    "cio": ("engineering", "operations"), "chief information officer": ("engineering", "operations"),
    "cpo": ("product", "design"), "chief product officer": ("product", "design"),
    "cmo": ("marketing",), "chief marketing officer": ("marketing",),
    "cro": ("sales", "support", "marketing"), "chief revenue officer": ("sales", "support", "marketing"),
    "chief sales officer": ("sales",), "chief customer officer": ("support",),
    "coo": ("operations", "support", "people", "finance"), "chief operating officer": ("operations", "support", "people", "finance"),
    "cfo": ("finance", "legal", "operations"), "chief financial officer": ("finance", "legal", "operations"),
    "chro": ("people",), "chief people officer": ("people",), "chief human resources officer": ("people",),
    "clo": ("legal",), "chief legal officer": ("legal",), "general counsel": ("legal",),
    "chief design officer": ("design",), "chief data officer": ("engineering",),
    "chief business officer": ("sales", "operations"),
}
# Without a CFO or a chief product officer, the operations leader usually runs finance and legal, and
# the product leader usually runs design: a head, VP or SVP of those functions owns them.
_LEADER_OWNS: dict[str, tuple[str, ...]] = {
    "operations": ("operations", "finance", "legal"), "product": ("product", "design"),
}
_TOP = re.compile(r"\b(ceo|chief executive|president|founder|co-?founder|owner|managing director|general manager)\b", re.I)

_TITLE_WORDS = re.compile(
    r"\b(engineer\w*|developer|manager|director|head|chief|officer|vp|vice president|president|lead|leader|"
    r"founder|co-?founder|ceo|cto|cfo|coo|cmo|cpo|cro|ciso|designer|recruiter|analyst|scientist|"
    r"architect|consultant|coordinator|specialist|associate|executive|assistant|counsel|accountant|"
    r"controller|intern|partner|owner|advisor|adviser|sdr|bdr|representative|administrator|principal|staff|"
    r"senior|junior|marketer|writer|editor|researcher|strategist|product|sales|marketing|operations|"
    r"support|success|people|talent|finance|legal|design|engineering|growth|evangelist|advocate|"
    r"agent|programmer|technician|secretary|student|trainee|apprentice|graduate|agronomist|photographer|"
    r"illustrator|surveyor|nurse|teacher|tutor|counsell?or|educator|assessor|inspector|professor|lecturer|"
    r"postdoc\w*|fellow|committer|maintainer|pmc|trustee|chair\w*|board member|investor|attorney|solicitor|"
    r"barrister|paralegal|auditor|economist|statistician|physician|surgeon|optometrist|dentist|therapist|"
    r"psychologist|pharmacist|veterinar\w*|midwife|librarian|clerk|receptionist|supervisor|superintendent|"
    r"dean|headteacher|producer|treasurer|clinician|chef|driver|walker|deputy|practitioner|estudiante|doctorado|"
    r"procurador\w*|controlador\w*|contralor\w*|"
    r"catedrátic[oa]|profesora?|investigador[ae]?s?|doctorand[oa]|becari[oa]|hilfskraft|lehrer\w*|dozent\w*|"
    r"professeure?|chercheu\w*|doctorant\w*|hoogleraar|onderzoeker|promovend\w*|pesquisador\w*|doutorand\w*|"
    # German, French, Spanish, Dutch, Portuguese
    r"geschäftsführ\w*|\w*leiter\w*|leitung|vorstand\w*|vorsitz\w*|mitarbeiter\w*|\w*referent\w*|\w*berater\w*|"
    r"\w*entwickler\w*|\w*ingenieur\w*|sachbearbeit\w*|assistenz|\w*assistent\w*|sekretär\w*|kundenbetreuung|"
    r"kundenservice|vertrieb\w*|buchhalt\w*|prokurist\w*|inhaber\w*|\w*gründer\w*|werkstudent\w*|praktikant\w*|"
    r"auszubildend\w*|erzieher\w*|pädagog\w*|\w*kauf(frau|mann)\w*|\w*techniker\w*|\w*manager\w*|\w*designer\w*|"
    r"directeur|directrice|responsable|chef de|chargée?|gérante?|présidente?|fondat\w*|ingénieure?|"
    r"développeu\w*|comptable|commercial\w*|conseill\w*|secrétaire|trésori\w*|coordinat\w*|stagiaire|"
    r"alternant\w*|associée?|"
    r"directora?|jef[ea]|gerente|coordinador\w*|ingenier[oa]|desarrollador\w*|contador\w*|abogad[oa]|"
    r"soci[oa]|fundador\w*|administrativ[oa]|asistente|analista|consultor\w*|secretari[oa]|tesorer[oa]|"
    r"hoofd|teamleider|medewerk\w*|adviseur|ontwikkelaar|eigenaar|oprichter|voorzitter|penningmeester|"
    r"secretaris|bestuurslid|bestuurder|stagiair\w*|"
    r"diretora?|coordenador\w*|chefe|desenvolvedor\w*|engenheir[oa]|sóci[oa]|conselheir[oa]|"
    r"tesoureir[oa]|secretári[oa])\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class TitleInfo:
    """What a title says: function, sub-team, level, and the functions an executive owns."""

    title: str
    function: str | None
    subteam: str | None
    level: float
    manager: bool  # manages people (a manager, head, director, VP or executive)
    executive: bool  # C-level, president, founder, owner
    founder: bool
    recruiter: bool
    owns: tuple[str, ...] = ()  # functions an executive is responsible for; ("*",) for the CEO

    @property
    def level_name(self) -> str:
        """The level in words ("manager", "director" ...)."""
        return LEVEL_NAMES.get(self.level, f"level {self.level:g}")


@functools.lru_cache(maxsize=8192)
def looks_like_title(text: str) -> bool:
    """True when `text` is a short line that reads as a job title."""
    text = " ".join((text or "").split())
    if not text or len(text) > 90 or len(text.split()) > 12:
        return False
    if text.endswith((".", "!", "?")) and len(text.split()) > 6:
        return False
    return bool(_TITLE_WORDS.search(text) or _TITLE_WORDS.search(in_english(text)))  # "Vice-Presidente" too


_IC_NOUN = re.compile(r"\b(engineer|developer|designer|scientist|analyst|architect|writer|specialist|representative|"
                      r"executive|recruiter|accountant|marketer|researcher|advocate|programmer)s?\b")
_BOSS_WORD = re.compile(r"\b(manager|managing|director|head|vp|vice president|chief|lead|leader|founder|president|"
                        r"officer|owner|c[a-z]o)\b")


_PRINCIPAL = re.compile(r"\s+to\s+(?:the\s+|our\s+)?[a-z][^,;(]*")


def _level(t: str) -> float:
    # The head of a title says what the job is: "Senior Support Engineer, Team Lead" is an engineer who
    # also leads (a staff-level IC), not a manager; "Manager, Enterprise EMEA" stays a manager.
    t = _PRINCIPAL.sub("", t)  # "Executive Partner to the VP": not a VP
    head = re.split(r"\s*[,(]\s*|\s+[-–—/]\s+", t, maxsplit=1)[0]
    if head != t and _IC_NOUN.search(head) and not _BOSS_WORD.search(head) and _BOSS_WORD.search(t):
        return min(_level_of(t), max(_level_of(head), STAFF))
    # "Team Lead, Senior Sales Recruiter": a lead who is still a recruiter, not a manager of recruiters.
    if _IC_NOUN.search(t) and {m.group(0) for m in _BOSS_WORD.finditer(t)} <= {"lead", "leader"}:
        return min(_level_of(t), STAFF)
    return _level_of(t)


_DEPUTY = re.compile(r"\b(deputy|assistant|associate|vice)\s+(?!president)(?:[a-z]+\s+){0,2}?"
                     r"(director|head|chief|ceo|manager|commander|secretary|principal|chair\w*|dean|controller)\b")
# "Chief Statistician", "Chief Nurse": the head of a profession, not a member of the C-suite.
_CHIEF_OF_PROFESSION = re.compile(r"\bchief (?!executive|officer|of\b)(?:[a-z]+ ){0,2}?(?![a-z]+ officer\b)"
                                  r"(statistician|economist|scientist|nurse|pharmacist|engineer|architect|"
                                  r"accountant|analyst|medical|veterinary|inspector|information|digital|data)\b")


def _level_of(t: str) -> float:
    level = _plain_level(t)
    if level >= MANAGER and _DEPUTY.search(t):
        return level - 0.5  # "Deputy Director" reports to a director, "Assistant Chief of Staff" to a chief
    return level


def _plain_level(t: str) -> float:
    t = re.sub(r"\bvice[- ]president\b", "vp", t)  # not a president
    if re.search(r"\b(intern|internship|trainee|apprentice|working student|student)\b", t):
        return INTERN
    if re.search(r"\b(permanent secretary|secretary[- ]general|chief executive|ceo)\b", t) or (
            re.search(r"\bpresident\b", t) and not re.search(r"\bvice[- ]president\b", t)):
        return EXECUTIVE if re.search(r"\b(second|deputy|vice)\b", t) else TOP
    if re.search(r"\bdirector[- ]general\b|\bdg\b", t):
        return SVP
    if _CHIEF_OF_PROFESSION.search(t) and not re.search(r"\bc[a-z]o\b|\bofficer\b", t):
        return DIRECTOR
    if _TOP.search(t) or re.search(r"\bchief\b|\bc[a-z]o\b|\bciso\b|\bchro\b|general counsel", t):
        if re.search(r"\bchief of staff\b", t):
            return DIRECTOR
        return EXECUTIVE
    if re.search(r"\b(svp|evp|senior vice president|executive vice president)\b", t):
        return SVP
    if re.search(r"\b(vp|vice president|v\.p\.)\b", t):
        return VP
    if re.search(r"\bhead of\b|\bhead,|^head\b|\bhead$", t):
        return HEAD
    if re.search(r"\b(senior|sr\.?) director\b", t):
        return SENIOR_DIRECTOR
    if re.search(r"\bdirector\b", t) or re.search(r"\b(financial )?controller\b", t):
        return DIRECTOR  # a controller runs accounting
    if re.search(r"\bgroup (product|program) manager\b", t):
        return SENIOR_MANAGER  # a group product manager manages product managers
    if re.search(r"\b(senior|sr\.?|group) (\w+ )?manager\b", t) and not re.search(r"\b(account|product|program|project|office|community)\b", t):
        return SENIOR_MANAGER
    if re.search(r"\bmanager\b|\bmanaging\b", t) and not re.search(
            r"\b(account|product|program|project|office|community|content|social media|partner|success)\s+manager", t):
        return MANAGER
    if re.search(r"\b(tech|technical) lead\b", t):
        return STAFF
    if re.search(r"\blead\b(\s*[,(-]|$)", t) or re.search(r"\bteam lead\b", t):
        return MANAGER  # "Customer Care Lead", "Mobile Engineering Lead": leads a team
    if re.search(r"\blead\b", t):
        return STAFF  # "Lead Designer": a senior individual contributor
    if re.search(r"\b(staff|principal|distinguished|architect)\b", t):
        return STAFF
    if re.search(r"\b(senior|sr\.?|snr)\b|\biii\b", t):
        return SENIOR
    if re.search(r"\b(junior|jr\.?|entry|graduate|associate|assistant|paralegal|coordinator)\b|\bi\b", t):
        return JUNIOR
    return MID


def _classify(t: str) -> tuple[str | None, str | None]:
    if re.search(r"\bcto\b|chief technology", t, re.I):
        return "engineering", None
    for function, subteam, pattern in _COMPILED:
        if pattern.search(t):
            return function, subteam
    return None, None


_PROGRAM = re.compile(r"\bprogram manag\w*", re.I)


@functools.lru_cache(maxsize=4096)
def functions_of(text: str) -> frozenset[str]:
    """Every function a title mentions ("Operations & Finance Manager" -> operations and finance)."""
    t = in_english(text or "")
    found = set()
    for function, _, pattern in _COMPILED:
        # Blank out what a rule matched: "Product Marketing Manager" is marketing, not also product.
        t, hits = pattern.subn(" ", t)
        if hits:
            found.add(function)
    return frozenset(found | ({"engineering"} if re.search(r"\bcto\b|chief technology", t, re.I) else set()))


def classify(text: str) -> tuple[str | None, str | None]:
    """(function, sub-team) named in a title, department or team name; (None, None) when unknown."""
    t = in_english(text or "")
    # A program manager runs programs for whichever function the title names ("Program Manager, Demand
    # Generation" is marketing); with none named, it is a product-side role.
    program = _PROGRAM.search(t)
    if program:
        f, s = classify(_PROGRAM.sub(" ", t))
        return (f, s) if f else ("product", None)
    # The head of the title decides the function ("Engineering Manager, Payroll" is engineering); the
    # qualifier after a comma or in brackets may only narrow it to a sub-team.
    head = re.split(r"\s*[,(]\s*|\s+[-–—]\s+", t, maxsplit=1)[0]
    function, subteam = _classify(head)
    if function is None:
        return _classify(t)
    if subteam is None and head != t:
        f, s = _classify(t[len(head):])
        if f == function:
            subteam = s
    return function, subteam


@functools.lru_cache(maxsize=4096)
def parse_title(title: str) -> TitleInfo:
    """Read a title: "Engineering Manager, Backend" -> engineering / backend / manager level."""
    raw = " ".join((title or "").split())
    english = in_english(raw)  # "Leiter Vertrieb" is read as "head of sales"
    # "Chief of Staff to the CEO" names whom the holder works for: not a CEO, owns nothing.
    t = _PRINCIPAL.sub("", english.lower().replace("&", " and "))
    owns: tuple[str, ...] = ()
    for key, functions in _EXEC_OWNS.items():
        if re.search(rf"\b{re.escape(key)}\b", t):
            owns = tuple(dict.fromkeys(owns + functions))
    if re.search(r"\b(ceo|chief executive|president|owner|managing director|general manager)\b", t) and not re.search(r"vice president", t):
        owns = ("*",)
    founder = bool(re.search(r"\b(co-?)?founder\b|\bfounding\b(?! engineer| designer| member)", t))
    if founder and not owns:
        owns = ("*",)
    level = _level(t)
    function, subteam = classify(english)
    if owns and owns != ("*",) and function is None:
        function = owns[0]
    if owns == ("*",) and not re.search(r"\b(cto|cpo|cmo|cfo|coo|cro)\b|chief \w+ officer", t):
        # A CEO or a founder with no other title belongs to no single function.
        function, subteam = (None, None) if not re.search(r"engineer|sales|market|design|product|ops|tech", t) else (function, subteam)
    if not owns and (level >= VP or (level >= HEAD and re.search(r"\bhead\b", t))) and function in _LEADER_OWNS:
        owns = _LEADER_OWNS[function]
    recruiter = function == "people" and subteam == "recruiting" and level < DIRECTOR
    executive = level >= EXECUTIVE
    manager = level >= MANAGER
    return TitleInfo(raw, function, subteam, level, manager, executive, founder, recruiter, owns)


# Titles of people a company lists without employing them: they never manage a hire.
_OUTSIDER = re.compile(
    r"\b(advisor|adviser|advisory|board member|board of directors|board director|chair(man|woman|person)?|"
    r"investor|angel|venture partner|general partner|limited partner|board observer|mentor|alumn\w*|former|"
    r"non-?executive( director)?|trustee|speaker)\b",
    re.IGNORECASE)


def is_outsider(title: str) -> bool:
    """True for advisors, board members, investors, mentors and alumni: listed, but not staff."""
    title = title or ""
    if not _OUTSIDER.search(title):
        return False
    if re.search(r"\b(former|formerly|alumn\w*|ex-)", title, re.IGNORECASE):
        return True
    # "CEO, Cofounder, Board of Directors" is staff who also sits on the board, and an "Enterprise
    # Technical Advisor" or an "Investor Relations Manager" works there: any other word makes it a job.
    rest = _OUTSIDER.sub(" ", title)
    rest = re.sub(r"\b(independent|non-executive|member|of|the|board|at|and|technical|strategic|special|"
                  r"senior|lead|principal|to|our|angel|startup|industry|scientific|medical)\b",
                  " ", rest, flags=re.IGNORECASE)
    return not re.search(r"[^\W\d_]{2,}", rest)


_LEVEL_WORDS = set("""
senior sr snr junior jr staff principal lead leader head vp vice president svp evp director manager managing chief
officer associate intern i ii iii iv group global regional interim acting co founder cofounder board directors
of the and our a an for to at in team
""".split())


@functools.lru_cache(maxsize=8192)
def _stems(title: str) -> frozenset[str]:
    words = re.findall(r"[a-z]+", re.sub(r"\bops\b", "operations", (title or "").lower()))
    stems = set()
    for word in words:
        if word in _LEVEL_WORDS or len(word) < 2:
            continue
        while len(word) > 4:  # "engineering" -> "engineer" -> "engine", as "engineer" -> "engine"
            shorter = re.sub(r"(ing|ers|er|s|al)$", "", word)
            if shorter == word:
                break
            word = shorter
        stems.add(word)
    return frozenset(stems)


def shared_words(role_title: str, title: str) -> float:
    """The share of a role title's job words (levels aside) a manager's title repeats: 0 to 1."""
    mine = _stems(role_title)
    return len(mine & _stems(title)) / len(mine) if mine else 0.0


_REGIONAL = re.compile(r"\bregion(al)?\b|\barea (director|vp|vice)|\brvp\b", re.I)


def as_manager(title: str) -> TitleInfo:
    """A title read as a possible manager: a regional director or VP runs the reps of one region, a
    front-line manager a step below the title (the role's own level is read without this step)."""
    info = parse_title(title)
    if info.level in (DIRECTOR, VP) and _REGIONAL.search(title or ""):
        return replace(info, level=SENIOR_MANAGER if info.level == DIRECTOR else DIRECTOR)
    return info
