"""The companies benchmarks/sources_sites.py builds: no team page; people only in posts and on GitHub."""

from __future__ import annotations


def _nav(blog: str | None, label: str = "Blog") -> list[tuple[str, str]]:
    nav = [("/product", "Product"), ("/pricing", "Pricing"), ("/about", "About"), ("/careers", "Careers")]
    return nav[:3] + [(blog, label)] + nav[3:] if blog else nav


def _job(slug: str, title: str, manager: str, why: str, department: str = "", text: tuple[str, ...] = (),
         acceptable: tuple[str, ...] = ()) -> dict:
    body = list(text) or [f"We are hiring a {title} to join a small, senior team.",
                          "You will own projects end to end, from design docs to production.",
                          "Benefits: remote-first, a learning budget and four weeks of holiday."]
    return {"slug": slug, "title": title, "manager": manager, "why": why, "department": department,
            "text": body, "acceptable": list(acceptable)}


def _gh(login: str, name: str | None, bio: str | None = None, company: str | None = None) -> dict:
    return {"login": login, "name": name, "bio": bio, "company": company, "location": "Remote"}


FILLER = ("We wrote this up so other teams can skip the mistakes we made.",
          "The short version: measure first, change one thing at a time, and write it down.")

COMPANIES = [
    {   # Ghost engineering blog: names in bylines, titles only in the author cards' bios
        "slug": "quayside", "name": "Quayside", "kind": "blog", "family": "ghost", "size": 24,
        "tagline": "Payments infrastructure for marketplaces", "pitch": "Quayside moves money for 400 marketplaces.",
        "blog": "/blog", "blog_title": "Quayside Engineering", "nav": _nav("/blog"),
        "posts": [
            {"slug": "idempotency-keys", "date": "2026-09-14", "headline": "Idempotency keys, three years in",
             "author": {"name": "Hana Sato", "slug": "hana", "bio": "Engineering Manager for Payments at Quayside. Previously at Adyen."},
             "body": ["Every payment request at Quayside carries an idempotency key.", *FILLER]},
            {"slug": "ledger-migration", "date": "2026-06-02", "headline": "Moving the ledger to Postgres partitions",
             "author": {"name": "Diego Ramos", "slug": "diego", "bio": "Staff Engineer at Quayside, working on the ledger."},
             "body": ["Our ledger table passed four billion rows last spring.", *FILLER]},
            {"slug": "design-system", "date": "2026-03-21", "headline": "Why we rebuilt our design system",
             "author": {"name": "Tom Becker", "slug": "tom", "bio": "Head of Design at Quayside."},
             "body": ["Our design system had drifted into three.", *FILLER]},
            {"slug": "series-b", "date": "2025-11-04", "headline": "Quayside raises a Series B",
             "author": {"name": "Leah Brandt", "slug": "leah", "bio": "Co-founder and CEO of Quayside."},
             "body": ["Today we are announcing our Series B.", *FILLER]},
            {"slug": "on-call", "date": "2026-08-01", "headline": "What our on-call rotation looks like",
             "author": {"name": "Ines Duarte", "slug": "ines", "bio": "Senior Software Engineer at Quayside."},
             "body": ["We rotate on-call weekly across the payments team.", *FILLER]},
        ],
        "people": ["Hana Sato", "Diego Ramos", "Tom Becker", "Leah Brandt", "Ines Duarte"],
        "jobs": [
            _job("backend-engineer-payments", "Backend Engineer, Payments", "Hana Sato",
                 "The payments team's engineering manager.", "Engineering"),
            _job("product-designer", "Product Designer", "Tom Becker", "Designers report to the Head of Design.", "Design"),
            _job("site-reliability-engineer", "Site Reliability Engineer", "Hana Sato",
                 "The one engineering manager; the CEO is acceptable in a company this size.", "Engineering",
                 acceptable=("Leah Brandt",)),
        ],
    },
    {   # WordPress newsroom: press releases announce appointments; an old VP of Sales has since been replaced
        "slug": "brightwater", "name": "Brightwater Analytics", "kind": "newsroom", "family": "wordpress", "size": 60,
        "tagline": "Analytics for water utilities", "pitch": "Brightwater Analytics finds leaks before they flood.",
        "blog": "/news", "blog_title": "Newsroom", "nav": _nav("/news", "News"),
        "posts": [
            {"slug": "brightwater-appoints-marcus-bell", "date": "2026-02-10",
             "headline": "Brightwater Analytics Appoints Marcus Bell as Vice President of Sales",
             "author": {"name": "Sarah Quinn", "slug": "sarah-quinn"},
             "body": ["BOSTON, Feb. 10, 2026 — Brightwater Analytics today announced it has appointed Marcus Bell as "
                      "Vice President of Sales, effective immediately.",
                      "\u201cMarcus has built sales teams twice before,\u201d said Olivia Chen, Brightwater's Chief Technology Officer.",
                      "Bell succeeds Gregory Watts, who left the company in 2025."]},
            {"slug": "brightwater-names-olivia-chen-cto", "date": "2025-05-19",
             "headline": "Brightwater Analytics Names Olivia Chen Chief Technology Officer",
             "author": {"name": "Sarah Quinn", "slug": "sarah-quinn"},
             "body": ["Brightwater Analytics named Olivia Chen Chief Technology Officer on Monday.",
                      "Chen will lead engineering and data science."]},
            {"slug": "priya-nair-joins", "date": "2026-07-08",
             "headline": "Priya Nair joins Brightwater Analytics as Director of Marketing",
             "author": {"name": "Sarah Quinn", "slug": "sarah-quinn"},
             "body": ["Priya Nair joins Brightwater Analytics as Director of Marketing, the company said today.",
                      "She will lead brand, content and demand generation."]},
            {"slug": "brightwater-appoints-gregory-watts", "date": "2020-03-02",
             "headline": "Brightwater Analytics Appoints Gregory Watts as Vice President of Sales",
             "author": {"name": "Sarah Quinn", "slug": "sarah-quinn"},
             "body": ["Brightwater Analytics has appointed Gregory Watts as Vice President of Sales.", *FILLER]},
            {"slug": "utility-partnership", "date": "2026-10-01",
             "headline": "Brightwater partners with three Midwest utilities",
             "author": {"name": "Sarah Quinn", "slug": "sarah-quinn"},
             "body": ["\u201cThis is the largest deployment yet,\u201d said Dan Foster, Director of Operations at Lakeside Water."]},
        ],
        "people": ["Marcus Bell", "Olivia Chen", "Priya Nair"],
        "jobs": [
            _job("account-executive", "Account Executive, Utilities", "Marcus Bell",
                 "Sales reports to the VP of Sales (Gregory Watts left in 2025).", "Sales"),
            _job("backend-engineer", "Backend Engineer", "Olivia Chen", "Engineering reports to the CTO.", "Engineering"),
            _job("content-marketing-manager", "Content Marketing Manager", "Priya Nair",
                 "Marketing reports to the Director of Marketing.", "Marketing"),
        ],
    },
    {   # Hugo blog: bylines that carry the title ("By Jane Doe, Engineering Manager")
        "slug": "fernwood", "name": "Fernwood Systems", "kind": "blog", "family": "hugo", "size": 35,
        "tagline": "Observability for industrial IoT", "pitch": "Fernwood Systems watches 2 million sensors.",
        "blog": "/blog", "blog_title": "Blog", "nav": _nav("/blog"),
        "posts": [
            {"slug": "2026-10-kafka-retention", "date": "2026-10-12", "headline": "Tuning Kafka retention for sensor data",
             "author": {"name": "Amara Okafor", "title": "Engineering Manager, Infrastructure", "byline_title": True},
             "body": ["Our sensor topics grew tenfold this year.", *FILLER]},
            {"slug": "2026-07-dbt", "date": "2026-07-30", "headline": "How the data team adopted dbt",
             "author": {"name": "Rachel Kim", "title": "Head of Data", "byline_title": True},
             "body": ["Six months ago our models lived in cron jobs.", *FILLER]},
            {"slug": "2026-05-incident", "date": "2026-05-05", "headline": "Postmortem: the May ingestion outage",
             "author": {"name": "Jonas Weber", "title": "Senior Site Reliability Engineer", "byline_title": True},
             "body": ["On May 2 our ingestion pipeline stalled for 40 minutes.", *FILLER]},
            {"slug": "2025-12-year", "date": "2025-12-20", "headline": "Fernwood in 2025",
             "author": {"name": "Paul Mercer", "title": "CEO", "byline_title": True},
             "body": ["It was a year of firsts for Fernwood.", *FILLER]},
        ],
        "people": ["Amara Okafor", "Rachel Kim", "Jonas Weber", "Paul Mercer"],
        "jobs": [
            _job("site-reliability-engineer", "Site Reliability Engineer", "Amara Okafor",
                 "SREs are on the infrastructure team.", "Engineering"),
            _job("data-engineer", "Data Engineer", "Rachel Kim", "The data team reports to the Head of Data.", "Data"),
            _job("platform-engineer", "Senior Platform Engineer", "Amara Okafor",
                 "Platform work sits in infrastructure.", "Engineering"),
        ],
    },
    {   # Medium-style blog: the author's tagline under the post; one guest author from another company
        "slug": "tallgrass", "name": "Tallgrass Health", "kind": "blog", "family": "medium", "size": 80,
        "tagline": "Care navigation for rural clinics", "pitch": "Tallgrass Health helps 300 clinics coordinate care.",
        "blog": "/blog", "blog_title": "Tallgrass Health Tech Blog", "nav": _nav("/blog"),
        "posts": [
            {"slug": "feature-store", "date": "2026-09-03", "headline": "Building a feature store on a budget",
             "author": {"name": "Nikhil Rao", "slug": "nikhil", "tagline": "Head of Data at Tallgrass Health"},
             "body": ["Our models need the same features online and offline.", *FILLER]},
            {"slug": "react-native", "date": "2026-08-11", "headline": "Shipping our React Native app to 300 clinics",
             "author": {"name": "Claire Dubois", "slug": "claire", "tagline": "Engineering Manager, Mobile at Tallgrass Health"},
             "body": ["Clinic staff use our app on shared tablets.", *FILLER]},
            {"slug": "accessibility", "date": "2026-06-19", "headline": "Accessibility audits with a guest expert",
             "author": {"name": "Sofia Lind", "slug": "sofia", "tagline": "Product Designer at Figma"},
             "body": ["We invited an outside designer to audit our flows.", *FILLER]},
            {"slug": "hipaa-logging", "date": "2026-04-02", "headline": "Logging without leaking PHI",
             "author": {"name": "Owen Price", "slug": "owen", "tagline": "Senior Backend Engineer at Tallgrass Health"},
             "body": ["Logs are where health data leaks.", *FILLER]},
        ],
        "people": ["Nikhil Rao", "Claire Dubois", "Owen Price"],
        "jobs": [
            _job("data-scientist", "Data Scientist", "Nikhil Rao", "Data science reports to the Head of Data.", "Data"),
            _job("mobile-engineer", "Mobile Engineer (React Native)", "Claire Dubois",
                 "The mobile team's engineering manager.", "Engineering"),
        ],
    },
    {   # Webflow newsroom: hire announcements only, no bylines
        "slug": "northpeak", "name": "Northpeak", "kind": "newsroom", "family": "webflow", "size": 45,
        "tagline": "Field service scheduling", "pitch": "Northpeak schedules 90,000 technicians a day.",
        "blog": "/newsroom", "blog_title": "Newsroom", "nav": _nav("/newsroom", "Newsroom"),
        "posts": [
            {"slug": "meet-sam-lee", "date": "2026-09-22", "headline": "Meet Sam Lee, our new Director of Marketing",
             "author": {"name": "Northpeak"}, "body": ["Sam joins from a decade in B2B marketing.", *FILLER]},
            {"slug": "carla-mendes-vp-customer-success", "date": "2026-04-15",
             "headline": "Northpeak welcomes Carla Mendes as VP of Customer Success", "author": {"name": "Northpeak"},
             "body": ["Northpeak welcomes Carla Mendes as VP of Customer Success.",
                      "Carla will lead onboarding, support and renewals."]},
            {"slug": "ben-ortiz-head-of-engineering", "date": "2026-01-09",
             "headline": "Northpeak hires Ben Ortiz as Head of Engineering", "author": {"name": "Northpeak"},
             "body": ["Northpeak has hired Ben Ortiz as Head of Engineering.", *FILLER]},
            {"slug": "series-a", "date": "2025-10-30", "headline": "Northpeak raises $18M Series A",
             "author": {"name": "Northpeak"},
             "body": ["\u201cField service deserves better software,\u201d said Ava Lindqvist, Northpeak's CEO."]},
        ],
        "people": ["Sam Lee", "Carla Mendes", "Ben Ortiz", "Ava Lindqvist"],
        "jobs": [
            _job("content-marketing-manager", "Content Marketing Manager", "Sam Lee", "Marketing reports to its director.",
                 "Marketing"),
            _job("customer-success-manager", "Customer Success Manager", "Carla Mendes",
                 "CSMs report to the VP of Customer Success.", "Customer Success"),
            _job("frontend-engineer", "Frontend Engineer", "Ben Ortiz", "Engineers report to the Head of Engineering.",
                 "Engineering"),
        ],
    },
    {   # GitHub only: the footer links the organisation; profiles state titles in several ways
        "slug": "kestrel", "name": "Kestrel Data", "kind": "github", "size": 18,
        "tagline": "Open-source change data capture", "pitch": "Kestrel Data streams database changes anywhere.",
        "nav": _nav(None), "github_org": "kestrel-data",
        "social": [("GitHub", "https://github.com/kestrel-data"), ("X", "https://x.com/kestreldata")],
        "github": None,
        "members": [
            _gh("yusufd", "Yusuf Demir", "Engineering Manager at Kestrel Data. Streams, Rust, climbing."),
            _gh("npetrova", "Nadia Petrova", "CTO @kestrel-data", "@kestrel-data"),
            _gh("aliciam", "Alicia Moreno", "Staff engineer at @kestrel-data | Postgres internals"),
            _gh("bwhite", "Brian White", "I like databases."),
            _gh("k-ng", "Kevin Ng", "Software Engineer at Kestrel Data"),
            _gh("lucia-f", "Lucía Fernández", None, "Kestrel Data"),
            _gh("ghost-bot", None, "bot account"),
            _gh("mtanner", "Mark Tanner", "Developer Advocate at Kestrel Data"),
        ],
        "people": ["Yusuf Demir", "Nadia Petrova", "Alicia Moreno", "Kevin Ng", "Lucía Fernández", "Mark Tanner"],
        "jobs": [
            _job("backend-engineer-rust", "Backend Engineer (Rust)", "Yusuf Demir",
                 "The one engineering manager.", "Engineering"),
            _job("engineering-manager-connectors", "Engineering Manager, Connectors", "Nadia Petrova",
                 "Engineering managers report to the CTO.", "Engineering"),
        ],
    },
    {   # Blog (titleless WordPress bylines) + GitHub (titles in bios): the two agree on who is who
        "slug": "halcyon", "name": "Halcyon Robotics", "kind": "blog+github", "family": "wordpress", "size": 40,
        "tagline": "Autonomy for warehouse robots", "pitch": "Halcyon Robotics drives 3,000 robots in 40 warehouses.",
        "blog": "/blog", "blog_title": "Engineering at Halcyon", "nav": _nav("/blog"), "github_org": "halcyon-robotics",
        "social": [("GitHub", "https://github.com/halcyon-robotics")],
        "posts": [
            {"slug": "path-planning", "date": "2026-08-18", "headline": "Path planning in crowded aisles",
             "author": {"name": "Mei Tanaka", "slug": "mei"}, "body": ["Aisles are crowded at 6 a.m.", *FILLER]},
            {"slug": "simulation", "date": "2026-05-27", "headline": "A simulator for every pull request",
             "author": {"name": "Mei Tanaka", "slug": "mei"}, "body": ["Every PR now runs 400 simulated shifts.", *FILLER]},
            {"slug": "fleet-telemetry", "date": "2026-03-03", "headline": "Fleet telemetry with ClickHouse",
             "author": {"name": "Arjun Mehta", "slug": "arjun"}, "body": ["Each robot sends 2 kB a second.", *FILLER]},
            {"slug": "hiring-robotics", "date": "2021-04-12", "headline": "How we hire robotics engineers",
             "author": {"name": "Victor Hale", "slug": "victor", "title": "Engineering Manager", "ld_title": True},
             "body": ["Our interview loop has four parts.", *FILLER]},
        ],
        "members": [
            _gh("meitanaka", "Mei Tanaka", "Engineering Manager, Autonomy at Halcyon Robotics"),
            _gh("arjunm", "Arjun Mehta", "Senior Robotics Engineer at Halcyon Robotics"),
            _gh("rgarcia", "Rosa García", "VP Engineering @halcyon-robotics"),
            _gh("tkowalski", "Tomasz Kowalski", "Robotics Software Engineer"),
        ],
        "people": ["Mei Tanaka", "Arjun Mehta", "Rosa García", "Tomasz Kowalski"],
        "jobs": [
            _job("robotics-software-engineer", "Robotics Software Engineer, Autonomy", "Mei Tanaka",
                 "The autonomy team's engineering manager (Victor Hale's 2021 post is old).", "Engineering"),
            _job("engineering-manager-fleet", "Engineering Manager, Fleet", "Rosa García",
                 "Engineering managers report to the VP of Engineering.", "Engineering"),
        ],
    },
    {   # GitHub only, a big organisation: the API budget reads a first slice of its profiles
        "slug": "orbital", "name": "Orbital Loop", "kind": "github", "size": 120,
        "tagline": "Satellite data pipelines", "pitch": "Orbital Loop turns raw satellite passes into maps.",
        "nav": _nav(None), "github_org": "orbitalloop",
        "social": [("GitHub", "https://github.com/orbitalloop/pipeline"), ("LinkedIn", "https://www.linkedin.com/company/orbitalloop")],
        "members": [_gh(f"{first.lower()}-{i}", f"{first} {last}", "Software Engineer at Orbital Loop")
                    for i, (first, last) in enumerate([("Aaron", "Black"), ("Bea", "Costa"), ("Cem", "Yilmaz"),
                                                       ("Dana", "Fox"), ("Eli", "Grant"), ("Fay", "Hunt"),
                                                       ("Gus", "Ivers"), ("Hal", "Jones"), ("Ida", "Kerr"),
                                                       ("Jay", "Lowe"), ("Kai", "Moss"), ("Lea", "Nash"),
                                                       ("Max", "Orr"), ("Noa", "Pike")])]
        + [_gh("zoe-quill", "Zoe Quill", "Engineering Manager, Pipelines at Orbital Loop")],
        "people": ["Zoe Quill"],
        "jobs": [
            {**_job("data-pipeline-engineer", "Data Pipeline Engineer", "Zoe Quill",
                    "The pipelines team's manager; her profile is the last of 15 and past a 12-call budget.", "Engineering"),
             "found": False},
        ],
    },
]

def github_org(org: str, members: list[dict]) -> dict:
    """The REST API's answers for an organisation: public_members items and users/{login} profiles."""
    listing, users = [], {}
    for i, m in enumerate(sorted(members, key=lambda m: m["login"].lower())):
        listing.append({"login": m["login"], "id": 5000 + i, "node_id": f"MDQ6VXNlcj{5000 + i}",
                        "avatar_url": f"https://avatars.githubusercontent.com/u/{5000 + i}?v=4",
                        "url": f"https://api.github.com/users/{m['login']}", "html_url": f"https://github.com/{m['login']}",
                        "type": "User", "site_admin": False})
        users[m["login"]] = {"login": m["login"], "id": 5000 + i, "type": "User", "site_admin": False,
                             "html_url": f"https://github.com/{m['login']}", "name": m.get("name"),
                             "company": m.get("company"), "blog": m.get("blog", ""), "location": m.get("location"),
                             "email": None, "hireable": None, "bio": m.get("bio"), "twitter_username": None,
                             "public_repos": 12 + i, "public_gists": 0, "followers": 30 + i, "following": 5,
                             "created_at": "2016-03-01T10:00:00Z", "updated_at": "2026-10-01T10:00:00Z"}
    return {"org": org, "public_members": listing, "users": users}


for _company in COMPANIES:
    if _company.get("members"):
        _company["github"] = github_org(_company["github_org"], _company.pop("members"))
