"""Job titles in German, French, Spanish, Dutch, Portuguese and Italian, read in English (pure).

`in_english("Leiter Vertrieb")` is "head of sales", `in_english("Responsable des ventes régional")` is
"sales manager régional": the words that say a title's level and function are replaced by their
English equivalents, the rest is kept, so the title rules in `scrapers.lexicon.titles` read every
language the same way. Gendered forms ("Leiterin", "Directrice", "Desarrolladora", "Chargé·e") and
the German "(m/w/d)" are covered.
"""

from __future__ import annotations

import functools
import re

# (pattern, English), applied in order: longer phrases before the words inside them.
_PHRASES: tuple[tuple[str, str], ...] = (
    (r"\((?:e|es|in|innen|a|as|o|os)\)|·(?:e|se|ne|ve|trice|euse)\b", ""),  # "Chargé(e)", "Développeur·se"
    (r"\((?:m|w|d|f|x|h)(?:\s*/\s*(?:m|w|d|f|x|h|div))+\)", " "),
    # the top
    (r"geschäftsführ\w*|managing partner", "managing director"),
    (r"direct(?:eur|rice)s? généra(?:l|le|ux)|director(?:a)? general|diretor(?:a)? geral|algemeen directeur|"
     r"direttore generale|présidente? directeur général|pdg", "ceo"),
    (r"président(?:e)?|presidente|voorzitter|vorstandsvorsitzende\w*", "president"),
    (r"co-?fondat(?:eur|rice)|cofundador(?:a)?|mitgründer\w*|mede-?oprichter|co-?fondatore|co-?fondatrice",
     "co-founder"),
    (r"fondat(?:eur|rice)|fundador(?:a)?|gründer\w*|oprichter|fondatore", "founder"),
    # heads and managers: "Leiter Vertrieb" is the head of sales, "Responsable des ventes" the sales manager
    (r"\b(?:abteilungs|bereichs)?leiter(?:in)?\b|\bleitung\b|\bchef(?:fe)? de\b|\bjef[ea] de\b|\bhoofd\b|"
     r"\bcapo\b|\bchefe de\b", "head of"),
    (r"\bteamleiter(?:in)?\b|\bteamleider\b|\bchef(?:fe)? d'équipe\b|\bjef[ea] de equipo\b", "team lead"),
    (r"\bresponsable\b|\bresponsabile\b|\bgerente\b|\bgestor(?:a)?\b", "manager"),
    (r"\bdirect(?:eur|rice)\b|\bdirector(?:a)?\b|\bdiretor(?:a)?\b|\bdirett(?:ore|rice)\b|\bdirekt(?:or|orin)\b",
     "director"),
    (r"\bprokurist\w*", "director"),
    # functions
    (r"\bvertrieb\w*|\bventes?\b|\bventas\b|\bvendas\b|\bvendite\b|\bverkoop\b|\bcommercia(?:l|le|ux)\b|"
     r"\bcomercial\b|\bkey account\w*|\bchargée? d'affaires\b|\bchargé·e d'affaires\b|\baußendienst\b", "sales"),
    (r"\bkundenservice\b|\bkundenbetreuung\b|\bkundendienst\b|\bservice client\w*|\bchargée? de clientèle\b|"
     r"\bchargé·e de clientèle\b|\batención al cliente\b|\batendimento\b|\bklantenservice\b|\bassistenza clienti\b",
     "customer support"),
    (r"\bbuchhalt\w*|\bcomptab\w*|\bcontab\w*|\bcontador(?:a)?\b|\bboekhoud\w*|\bfinanz\w*|\bfinances\b|"
     r"\bfinanzas\b|\bfinanças\b|\bcontrôleu\w* de gestion\b|\bcontrôleur·se de gestion\b|\bcontroll(?:ing|er(?:in)?)\b",
     "finance"),
    (r"\bpersonalabteilung\b|\bressources humaines\b|\brecursos humanos\b|\brisorse umane\b|\bpersoneelszaken\b",
     "human resources"),
    (r"\bdatenanaly\w*|\banalyse de données\b|\banálisis de datos\b|\banalista de dados\b|\bdatenanalyst\w*",
     "data analyst"),
    (r"\bsoftwareentwickl\w*|\bentwickl\w*|\bdéveloppeu\w*|\bdéveloppeur·se\b|\bdesarrollador\w*|"
     r"\bdesenvolvedor\w*|\bontwikkelaar\w*|\bsviluppat\w*|\bprogrammier\w*|\bprogramador\w*", "developer"),
    (r"\bingenieur(?:in)?\b|\bingénieu\w*|\bingenier[oa]\b|\bengenheir[oa]\b|\bingegnere\b", "engineer"),
    (r"\bmarketing\w*|\bmercadotecnia\b", "marketing"),
    (r"\beinkauf\b|\bachats?\b|\bcompras\b|\binkoop\b|\bacquisti\b", "procurement"),
    (r"\blogisti\w*|\blager\w*", "logistics"),
    (r"\btechnik\b|\btechnique\b|\btécnica\b|\btecnologia\b", "technology"),
    (r"\bbetrieb\b|\bopérations\b|\boperaciones\b|\boperações\b", "operations"),
    # individual contributors
    (r"\bwerkstudent\w*|\bpraktikant\w*|\bstagiaire\b|\balternant\w*|\bbecari[oa]\b|\bestagiári[oa]\b|"
     r"\bstagiair\w*|\bstagista\b|\bauszubildend\w*|\bazubi\b", "intern"),
    (r"\bberater(?:in)?\b|\bconseill(?:er|ère)\b|\basesor(?:a)?\b|\bconsultor(?:a)?\b|\badviseur\b", "consultant"),
    (r"\bassistent(?:in)?\b|\bassistant(?:e)?\b|\basistente\b|\bassistente\b", "assistant"),
    (r"\bsachbearbeit\w*|\bmedewerk\w*|\bmitarbeiter\w*|\bemployée?\b|\bempleado\b|\bfuncionári[oa]\b|"
     r"\bimpiegat[oa]\b", "specialist"),
    (r"\bprojektingenieur\w*", "project engineer"),
)
_COMPILED = tuple((re.compile(p, re.IGNORECASE), english) for p, english in _PHRASES)
_FOREIGN = re.compile(r"[àâäçéèêëîïôöùûüßñãõ·]|\b(?:de|des|du|der|die|das|und|et|y|e|van|het|da|do|di|della|im|en)\b|"
                      r"leiter|leitung|führ|vertrieb|responsab|gerente|direct(?:eur|rice|ora)|diretor|hoofd|"
                      r"entwickl|develop(?:peu|pador)|ingenieur|ingénieu|ingenier|praktikant|stagiai|werkstud|"
                      r"mitarbeiter|medewerk|buchhalt|comptab|contab|kunden|berater|prokurist|assistent|"
                      r"fondat|fundador|gründer|oprichter|chef|jef[ea]|capo|presidente|voorzitter|\(m/w", re.IGNORECASE)


@functools.lru_cache(maxsize=8192)
def in_english(title: str) -> str:
    """The title with its level and function words in English; an English title comes back as it was."""
    text = " ".join((title or "").split())
    if not _FOREIGN.search(text):
        return text
    for pattern, english in _COMPILED:
        text = pattern.sub(f" {english} ", text)
    return " ".join(text.split())
