"""Build the people-source companies for benchmarks/lookup_eval.py: sites with no team page.

    .venv/bin/python benchmarks/sources_sites.py      # rewrites fixtures/lookup_sources/ (deterministic)

Each company publishes no page that lists its people. Who works there shows only in its blog or
newsroom (in the markup of WordPress, Ghost, Hugo, a Medium-style blog and Webflow), in its GitHub
organisation (`github.json`: the REST API's public_members and users answers, served on loopback by
the benchmark), or in both. Written independently of the parsing rules: each family's markup follows
what those platforms emit (WordPress's entry-meta and Yoast graph, Ghost's post-card and author card,
Hugo's post list, Medium's author header, Webflow's w-dyn-items). `truth.json` has the same shape as
fixtures/lookup's (company, postings with manager and acceptable) plus `kind`, `people` and, per posting,
`found` (false where the default API budget cannot reach the manager, on purpose).
"""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "fixtures" / "lookup_sources"


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def page(company: str, title: str, body: str, nav: list[tuple[str, str]], *, head: str = "",
         footer_extra: str = "") -> str:
    links = "".join(f'<li><a href="{href}">{esc(text)}</a></li>' for href, text in nav)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<meta property="og:site_name" content="{esc(company)}">
<link rel="stylesheet" href="/assets/site.css">
{head}
</head>
<body>
<header class="site-header"><a class="logo" href="/">{esc(company)}</a>
<nav class="main-nav"><ul>{links}</ul></nav>
<a class="btn cta" href="/signup">Start free trial</a></header>
<main id="main">
{body}
</main>
<footer class="site-footer"><div class="footer-links"><a href="/about">About</a> <a href="/careers">Careers</a>
<a href="/privacy">Privacy</a></div>{footer_extra}
<p class="copyright">&copy; 2026 {esc(company)}. All rights reserved.</p>
<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments);}}</script></footer>
</body>
</html>
"""


def posting_page(company: str, nav: list[tuple[str, str]], job: dict, footer_extra: str) -> str:
    description = "".join(f"<p>{esc(p)}</p>" for p in job["text"])
    ld = {"@context": "https://schema.org/", "@type": "JobPosting", "title": job["title"],
          "description": description, "datePosted": job.get("date", "2026-11-20"), "employmentType": "FULL_TIME",
          "hiringOrganization": {"@type": "Organization", "name": company, "url": "/"},
          "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": "Remote"}}}
    if job.get("department"):
        ld["industry"] = job["department"]
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    body = (f'<article class="job"><p class="crumbs"><a href="/careers">Careers</a> / {esc(job.get("department", ""))}</p>'
            f'<h1>{esc(job["title"])}</h1><div class="job-description">{description}</div>'
            f'<a class="btn" href="/apply?job={job["slug"]}">Apply now</a></article>')
    return page(company, f"{job['title']} | {company}", body, nav, head=head, footer_extra=footer_extra)


# -- the five blog families: (index card, post page) ---------------------------------------------------

def wordpress(c: dict, post: dict) -> tuple[str, str]:
    author = post["author"]
    card = (f'<article id="post-{post["id"]}" class="post-{post["id"]} post type-post status-publish format-standard '
            f'hentry category-news"><header class="entry-header"><h2 class="entry-title"><a href="{post["url"]}" '
            f'rel="bookmark">{esc(post["headline"])}</a></h2><div class="entry-meta"><span class="posted-on">Posted on '
            f'<a href="{post["url"]}" rel="bookmark"><time class="entry-date published" datetime="{post["date"]}T09:00:00+00:00">'
            f'{post["date"]}</time></a></span><span class="byline"> by <span class="author vcard"><a class="url fn n" '
            f'href="/author/{author["slug"]}/">{esc(author["name"])}</a></span></span></div></header>'
            f'<div class="entry-summary"><p>{esc(post["body"][0][:150])}&hellip;</p></div></article>')
    person = {"@type": "Person", "@id": f"/#/schema/person/{author['slug']}", "name": author["name"]}
    if author.get("ld_title"):
        person["jobTitle"] = author["title"]
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "Article", "@id": f"{post['url']}#article", "headline": post["headline"],
         "datePublished": f"{post['date']}T09:00:00+00:00", "author": {"@id": person["@id"], "name": author["name"]},
         "publisher": {"@id": "/#organization"}},
        {"@type": "Organization", "@id": "/#organization", "name": c["name"]}, person]}
    head = (f'<meta name="author" content="{esc(author["name"])}"><meta property="article:published_time" '
            f'content="{post["date"]}T09:00:00+00:00"><script type="application/ld+json" class="yoast-schema-graph">'
            f'{json.dumps(graph)}</script>')
    bio = author.get("bio", "")
    box = (f'<div class="author-bio"><div class="author-avatar"><img alt="" src="/wp-content/uploads/{author["slug"]}.jpg">'
           f'</div><div class="author-bio-content"><h2 class="author-title">Written by {esc(author["name"])}</h2>'
           f'<p class="author-description">{esc(bio)}</p></div></div>') if bio else ""
    body = (f'<article class="post type-post hentry"><header class="entry-header"><h1 class="entry-title">'
            f'{esc(post["headline"])}</h1><div class="entry-meta"><span class="byline">by <span class="author vcard">'
            f'<a class="url fn n" href="/author/{author["slug"]}/">{esc(author["name"])}</a></span></span></div></header>'
            f'<div class="entry-content">{"".join(f"<p>{esc(p)}</p>" for p in post["body"])}</div>{box}'
            f'<nav class="post-navigation"><a href="{c["blog"]}/">Back to all posts</a></nav></article>'
            f'<section id="comments" class="comments-area"><h2>Leave a Reply</h2><p>Comment by Pat Visitor</p></section>')
    return card, page(c["name"], f"{post['headline']} - {c['name']}", body, c["nav"], head=head)


def ghost(c: dict, post: dict) -> tuple[str, str]:
    author = post["author"]
    card = (f'<article class="post-card post tag-engineering"><a class="post-card-image-link" href="{post["url"]}">'
            f'<img class="post-card-image" src="/content/images/{post["id"]}.png" alt="{esc(post["headline"])}"></a>'
            f'<div class="post-card-content"><a class="post-card-content-link" href="{post["url"]}"><header '
            f'class="post-card-header"><div class="post-card-primary-tag">Engineering</div><h2 class="post-card-title">'
            f'{esc(post["headline"])}</h2></header><div class="post-card-excerpt">{esc(post["body"][0][:140])}</div></a>'
            f'<footer class="post-card-meta"><ul class="author-list"><li class="author-list-item"><a href="/author/'
            f'{author["slug"]}/" class="static-avatar"><img class="author-profile-image" src="/content/images/a.png" '
            f'alt="{esc(author["name"])}"></a></li></ul><div class="post-card-byline-content"><span><a href="/author/'
            f'{author["slug"]}/">{esc(author["name"])}</a></span><span class="post-card-byline-date"><time datetime="'
            f'{post["date"]}">{post["date"]}</time><span class="bull">&bull;</span> 6 min read</span></div></footer></div></article>')
    ld = {"@context": "https://schema.org", "@type": "Article", "publisher": {"@type": "Organization", "name": c["name"]},
          "author": {"@type": "Person", "name": author["name"], "url": f"/author/{author['slug']}/", "sameAs": []},
          "headline": post["headline"], "datePublished": f"{post['date']}T08:30:00.000Z"}
    head = (f'<meta property="article:published_time" content="{post["date"]}T08:30:00.000Z">'
            f'<script type="application/ld+json">{json.dumps(ld)}</script><meta name="generator" content="Ghost 5.82">')
    bio = author.get("bio", "")
    body = (f'<article class="article post"><header class="article-header gh-canvas"><h1 class="article-title">'
            f'{esc(post["headline"])}</h1><div class="article-byline"><section class="article-byline-content">'
            f'<div class="article-byline-meta"><h4 class="author-name"><a href="/author/{author["slug"]}/">'
            f'{esc(author["name"])}</a></h4><div class="byline-meta-content"><time class="byline-meta-date" datetime="'
            f'{post["date"]}">{post["date"]}</time></div></div></section></div></header><section class="gh-content gh-canvas">'
            f'{"".join(f"<p>{esc(p)}</p>" for p in post["body"])}</section>'
            + (f'<section class="article-author"><div class="author-card"><div class="author-card-name">'
               f'<a href="/author/{author["slug"]}/">{esc(author["name"])}</a></div><p class="author-card-bio">{esc(bio)}</p>'
               f'</div></section>' if bio else "") + '</article>')
    return card, page(c["name"], post["headline"], body, c["nav"], head=head)


def hugo(c: dict, post: dict) -> tuple[str, str]:
    author = post["author"]
    card = (f'<li class="post-item"><span class="post-date">{post["date"]}</span> '
            f'<a class="post-link" href="{post["url"]}">{esc(post["headline"])}</a></li>')
    by = f'By {author["name"]}' + (f', {author["title"]}' if author.get("byline_title") else "")
    head = (f'<meta name="author" content="{esc(author["name"])}"><meta property="article:published_time" '
            f'content="{post["date"]}T00:00:00Z"><meta name="generator" content="Hugo 0.121.1">')
    body = (f'<article class="post"><header class="post-header"><h1 class="post-title">{esc(post["headline"])}</h1>'
            f'<div class="post-meta"><time datetime="{post["date"]}">{post["date"]}</time> &middot; '
            f'<span class="post-author">{esc(by)}</span> &middot; 5 min read</div></header>'
            f'<div class="post-content">{"".join(f"<p>{esc(p)}</p>" for p in post["body"])}</div>'
            f'<footer class="post-footer"><ul class="post-tags"><li><a href="/tags/engineering/">engineering</a></li></ul>'
            f'</footer></article>')
    return card, page(c["name"], f"{post['headline']} | {c['name']}", body, c["nav"], head=head)


def medium(c: dict, post: dict) -> tuple[str, str]:
    author = post["author"]
    card = (f'<div class="postArticle postArticle--short js-postArticle"><div class="postMetaInline u-floatLeft">'
            f'<a class="ds-link" data-action="show-user-card" href="/@{author["slug"]}">{esc(author["name"])}</a>'
            f'<span class="middotDivider"></span><time datetime="{post["date"]}T10:00:00.000Z">{post["date"]}</time></div>'
            f'<a href="{post["url"]}" data-action="open-post"><h3 class="graf graf--h3">{esc(post["headline"])}</h3></a>'
            f'<p class="graf graf--p">{esc(post["body"][0][:120])}</p></div>')
    tagline = author.get("tagline", "")
    head = (f'<meta name="author" content="{esc(author["name"])}"><meta property="article:published_time" '
            f'content="{post["date"]}T10:00:00.000Z"><meta name="twitter:data1" content="{esc(author["name"])}">')
    body = (f'<article><section><div class="pw-post-body-paragraph"><h1 class="pw-post-title">{esc(post["headline"])}</h1>'
            f'<div class="speechify-ignore"><div class="pw-author"><a rel="noopener follow" href="/@{author["slug"]}">'
            f'<p class="be b">{esc(author["name"])}</p></a></div><div><span data-testid="storyReadTime">7 min read</span>'
            f'<span> · </span><span data-testid="storyPublishDate">{post["date"]}</span></div></div>'
            f'{"".join(f"<p class=pw-post-body-paragraph>{esc(p)}</p>" for p in post["body"])}</div></section>'
            + (f'<div class="pw-author-bio-section"><h2 class="pw-author-name">Written by {esc(author["name"])}</h2>'
               f'<p class="pw-author-bio">{esc(tagline)}</p></div>' if tagline else "")
            + '<div class="pw-responses"><p>Responses (3)</p><p>Chris Reader · Great read, thanks!</p></div></article>')
    return card, page(c["name"], f"{post['headline']} | by {author['name']} | {c['name']} Blog", body, c["nav"], head=head)


def webflow(c: dict, post: dict) -> tuple[str, str]:
    pretty = _pretty(post["date"])
    card = (f'<div role="listitem" class="news-item w-dyn-item"><a href="{post["url"]}" class="news-link w-inline-block">'
            f'<div class="news-date">{pretty}</div><h3 class="news-title">{esc(post["headline"])}</h3>'
            f'<p class="news-excerpt">{esc(post["body"][0][:160])}</p></a></div>')
    body = (f'<div class="section-post"><div class="container w-container"><div class="post-date">{pretty}</div>'
            f'<h1 class="heading-post">{esc(post["headline"])}</h1><div class="rich-text w-richtext">'
            f'{"".join(f"<p>{esc(p)}</p>" for p in post["body"])}</div></div></div>'
            f'<div class="section-cta"><h2>Press contact</h2><p>press@{c["slug"]}.example</p></div>')
    return card, page(c["name"], f"{post['headline']} | {c['name']}", body, c["nav"])


def _pretty(date: str) -> str:
    months = "January February March April May June July August September October November December".split()
    y, m, d = date.split("-")
    return f"{months[int(m) - 1]} {int(d)}, {y}"


FAMILIES = {"wordpress": wordpress, "ghost": ghost, "hugo": hugo, "medium": medium, "webflow": webflow}


def index_page(c: dict, cards: list[str]) -> str:
    family = c["family"]
    wrap = {"wordpress": '<main id="primary" class="site-main"><header class="page-header"><h1 class="page-title">{t}</h1></header>{x}</main>',
            "ghost": '<div class="site-content"><div class="post-feed">{x}</div></div>',
            "hugo": '<h1>{t}</h1><ul class="posts">{x}</ul><nav class="pagination"><a href="{b}/page/2/">Older posts</a></nav>',
            "medium": '<div class="js-postListHandle"><h1>{t}</h1>{x}</div>',
            "webflow": '<div class="section-news"><h1 class="heading-news">{t}</h1><div class="w-dyn-list"><div role="list" class="w-dyn-items">{x}</div></div></div>'}
    body = wrap[family].format(t=esc(c["blog_title"]), x="".join(cards), b=c["blog"])
    return page(c["name"], f"{c['blog_title']} | {c['name']}", body, c["nav"])


def build(c: dict) -> None:
    folder = OUT / c["slug"]
    site = folder / "site"
    site.mkdir(parents=True)
    social = "".join(f'<a href="{href}" aria-label="{label}">{label}</a>' for label, href in c.get("social", []))
    footer = f'<div class="footer-social">{social}</div>' if social else ""
    home = (f'<section class="hero"><h1>{esc(c["tagline"])}</h1><p>{esc(c["pitch"])}</p></section>'
            f'<section class="logos"><p>Trusted by teams at Globex, Initech and Umbrella.</p></section>'
            f'<section class="quote"><blockquote>&ldquo;It changed how we work.&rdquo;</blockquote>'
            f'<p>&mdash; Morgan Client, COO at Globex</p></section>')
    (site / "index.html").write_text(page(c["name"], c["name"], home, c["nav"], footer_extra=footer), encoding="utf-8")
    about = (f'<h1>About {esc(c["name"])}</h1><p>{esc(c["pitch"])} We are a remote team of {c["size"]} people.</p>'
             f'<p>We are backed by Example Ventures and Sample Capital.</p>')
    (site / "about.html").write_text(page(c["name"], f"About | {c['name']}", about, c["nav"], footer_extra=footer),
                                     encoding="utf-8")
    careers = "<h1>Careers</h1><ul>" + "".join(f'<li><a href="/careers/{j["slug"]}">{esc(j["title"])}</a></li>'
                                               for j in c["jobs"]) + "</ul>"
    (site / "careers.html").write_text(page(c["name"], f"Careers | {c['name']}", careers, c["nav"], footer_extra=footer),
                                       encoding="utf-8")
    (site / "careers").mkdir()
    for job in c["jobs"]:
        (site / "careers" / f"{job['slug']}.html").write_text(posting_page(c["name"], c["nav"], job, footer),
                                                              encoding="utf-8")
    if c.get("posts"):
        render = FAMILIES[c["family"]]
        cards = []
        blog = site / c["blog"].strip("/")
        blog.mkdir(parents=True, exist_ok=True)
        for i, post in enumerate(sorted(c["posts"], key=lambda p: p["date"], reverse=True)):
            post = {**post, "id": 100 + i, "url": f"{c['blog']}/{post['slug']}"}
            card, html_page = render(c, post)
            cards.append(card)
            (blog / f"{post['slug']}.html").write_text(html_page, encoding="utf-8")
        (blog / "index.html").write_text(index_page(c, cards), encoding="utf-8")
    truth = {"company": c["name"], "kind": c["kind"], "family": c.get("family"),
             "github_org": c.get("github_org"),
             "people": c["people"],
             "postings": [{"path": f"/careers/{j['slug']}", "title": j["title"], "manager": j["manager"],
                           "acceptable": j.get("acceptable", []), "why": j["why"],
                           "found": j.get("found", True)} for j in c["jobs"]]}
    (folder / "truth.json").write_text(json.dumps(truth, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if c.get("github"):
        (folder / "github.json").write_text(json.dumps(c["github"], indent=2, ensure_ascii=False) + "\n",
                                            encoding="utf-8")


import sys  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sources_companies import COMPANIES  # noqa: E402  (the data, kept apart from the markup)


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    (OUT / "README.md").write_text(
        "# People-source companies\n\nGenerated by `benchmarks/sources_sites.py` (do not edit by hand): companies "
        "with no team page, whose people show only in a blog or newsroom (WordPress, Ghost, Hugo, Medium-style, "
        "Webflow markup) and/or a GitHub organisation (`github.json`: the REST API's answers). `truth.json` as in "
        "fixtures/lookup, plus `kind` and `people`.\n", encoding="utf-8")
    for company in COMPANIES:
        build(company)
    print(f"wrote {len(COMPANIES)} companies to {OUT}")


if __name__ == "__main__":
    main()
