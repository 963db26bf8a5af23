"""Labelled posting fields (department, team, location, reports to, hiring manager) and a plain page's owner."""

from __future__ import annotations

import pytest

from scrapers.extract.company import page_company
from scrapers.extract.fields import field_of, labelled_fields
from scrapers.extract.page import company_from_host
from scrapers.extract.text import soup_of
from scrapers.generic import parse_html

URL = "https://careers.quillon.example/jobs/42"


def fields(markup: str) -> dict[str, str]:
    return labelled_fields(soup_of(markup).body)


@pytest.mark.parametrize("label, field", [
    ("Department:", "department"), ("Abteilung", "department"), ("Département :", "department"),
    ("Área", "department"), ("Afdeling", "department"), ("Setor", "department"), ("Team", "team"),
    ("Équipe", "team"), ("Standort", "location"), ("Lieu de travail", "location"), ("Ubicación", "location"),
    ("Reports to", "reports_to"), ("Berichtet an", "reports_to"), ("Rattaché à", "reports_to"),
    ("Reporta a", "reports_to"), ("Rapporteert aan", "reports_to"), ("Reporta-se a", "reports_to"),
    ("Hiring Manager", "hiring_manager"), ("Salary", None), ("About the team and what we build", None),
])
def test_labels_in_six_languages(label: str, field: str | None) -> None:
    assert field_of(label) == field


def test_definition_list() -> None:
    found = fields("""<main><h1>Backend Engineer</h1><dl class="job-meta">
      <dt>Department</dt><dd>Engineering</dd><dt>Team</dt><dd>Payments Platform</dd>
      <dt>Location</dt><dd>Berlin, Germany</dd><dt>Reports to</dt><dd>Maya Fischer, Head of Platform</dd></dl></main>""")
    assert found == {"department": "Engineering", "team": "Payments Platform", "location": "Berlin, Germany",
                     "reports_to": "Maya Fischer, Head of Platform"}


def test_table_rows_and_bold_labels() -> None:
    found = fields("""<div class="content"><table class="details"><tbody>
      <tr><th scope="row">Abteilung</th><td>Vertrieb</td></tr>
      <tr><td><b>Standort:</b></td><td>Hamburg</td></tr></tbody></table>
      <ul><li><strong>Team:</strong> Key Accounts DACH</li><li><strong>Berichtet an:</strong> Leiter Vertrieb</li></ul></div>""")
    assert found == {"department": "Vertrieb", "location": "Hamburg", "team": "Key Accounts DACH",
                     "reports_to": "Leiter Vertrieb"}


def test_plain_label_lines_and_label_value_blocks() -> None:
    found = fields("""<article><p>Departamento: Finanzas<br>Equipo: Tesorería<br>Ubicación: Madrid</p>
      <div class="field"><div class="field-label">Hiring manager</div><div class="field-value">Lucía Romero</div></div>
      </article>""")
    assert found == {"department": "Finanzas", "team": "Tesorería", "location": "Madrid",
                     "hiring_manager": "Lucía Romero"}


def test_chrome_and_long_text_are_not_fields() -> None:
    found = fields("""<header><nav><a href="/team">Team</a> <a href="/about">Department: stores</a></nav></header>
      <main><p>Our team builds the ledger. Team: we are twelve engineers who care a great deal about the
      long and winding sentences people write in job ads, which are never a field value at all because they run on.</p>
      <p>Location:</p></main><footer><p>Office: Lisbon</p></footer>""")
    assert found == {}


def test_generic_page_fills_department_team_and_reporting_line() -> None:
    posting = parse_html("""<html><head><title>Treasury Analyst | Quillon Labs</title></head><body>
      <header><img class="site-logo" src="/logo.svg" alt="Quillon Labs logo"></header>
      <main><h1>Treasury Analyst</h1><ul class="facts"><li>Department: Finance</li><li>Team: Treasury</li>
      <li>Hiring manager: Ana Souza</li></ul><p>Run the cash forecast.</p></main></body></html>""", URL)
    assert (posting.company, posting.department, posting.team) == ("Quillon Labs", "Finance", "Treasury")
    assert posting.reports_to is not None and posting.reports_to.name == "Ana Souza"
    assert [(p.name, p.role) for p in posting.people] == [("Ana Souza", "manager")]


@pytest.mark.parametrize("markup, name", [
    ('<script type="application/ld+json">{"@type": "Organization", "name": "Brightwater Analytics"}</script>',
     "Brightwater Analytics"),
    ('<header><a href="/"><img src="/img/logo.png" alt="Hotel Lindenhof"></a></header>', "Hotel Lindenhof"),
    ('<footer><p>© 2019–2025 Tallis &amp; Rowe GmbH. Alle Rechte vorbehalten.</p></footer>', "Tallis & Rowe GmbH"),
    ('<footer>Copyright 2024 by Nordlicht Reisen | Impressum</footer>', "Nordlicht Reisen"),
    ("<title>Senior Data Engineer - Fjord Freight</title>", "Fjord Freight"),
    ("<title>Careers at Pinecone Dental</title>", "Pinecone Dental"),
    ("<title>Senior Data Engineer</title>", None),
    ("<footer>© 2024 127.0.0.1</footer>", None),
])
def test_page_company_from_what_the_page_says(markup: str, name: str | None) -> None:
    assert page_company(soup_of(f"<html><head></head><body>{markup}</body></html>"), "Senior Data Engineer") == name


@pytest.mark.parametrize("url, name", [
    ("https://careers.acme.co.uk/x", "Acme"), ("https://jobs.big-corp.com/", "Big Corp"),
    ("http://127.0.0.1:8000/jobs/1", None), ("http://localhost/jobs", None), ("http://[::1]:9/", None),
])
def test_company_from_host_is_a_name_never_an_address(url: str, name: str | None) -> None:
    assert company_from_host(url) == name


def test_a_page_naming_no_company_leaves_it_to_the_lookup() -> None:
    posting = parse_html("<html><head><title>Night Porter</title></head><body><p>Evenings.</p></body></html>",
                         "http://127.0.0.1:8000/jobs/7")
    assert (posting.title, posting.company) == ("Night Porter", "")
