"""The `team` source: the company's own team, about and leadership pages (scrapers.team.crawl)."""

from __future__ import annotations

from scrapers.sources.base import Evidence, Found, PeopleSource, SourceContext, SourcePerson, short_path
from scrapers.sources.registry import register
from scrapers.types import PersonOnPage


@register
class TeamSource(PeopleSource):
    """People listed on the company's team, about and leadership pages (found by links, sitemaps, paths)."""

    NAME = "team"
    DESCRIPTION = "the company's team, about and leadership pages (nav links, sitemaps, common paths)"
    TITLE_RANK = 0

    def find(self, ctx: SourceContext) -> Found:
        from scrapers.team.crawl import find_people

        if ctx.site is None:
            return Found()
        guess = None
        if "blog" in ctx.running:  # a blog the pages link to is a better use of the requests than guessed paths
            from scrapers.sources.blog import blog_links

            site = ctx.site
            guess = lambda texts: not blog_links(texts, site)  # noqa: E731
        people, crawl = find_people(ctx.client, ctx.site, budget=ctx.budget, company=ctx.posting.company,
                                    known_origins=ctx.known_origins, limit=ctx.limit, wanted=ctx.wanted,
                                    guess_paths=guess)
        found = Found(people=[from_page(p) for p in people], pages=list(crawl.pages), missed=list(crawl.missed),
                      notes=list(crawl.notes), texts=list(crawl.texts))
        if not people:  # with other sources on, say which pages had nobody: the lookup may still find people
            others = [n for n in ctx.running if n not in ("team", "posting")]
            found.notes.append(f"no team or about page lists people on {ctx.site}" if others else
                               f"no people found on {ctx.site}")
        return found


def from_page(person: PersonOnPage) -> SourcePerson:
    """A person the team finder read, with the evidence of the page that lists them."""
    where = short_path(person.source_url)
    words = f"listed on {where} as {person.title}" if person.title else f"listed on {where}"
    evidence = Evidence("team", person.source_url, words, title=person.title, kind="listed")
    return SourcePerson(person.name, person.title, (evidence,), person.profile_url, person.email,
                        section=person.section, reports_to=person.reports_to, page_person=person)
