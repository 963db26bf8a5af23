"""0005: one full-text index over contacts, companies, applications and logged interactions (`crm search`).

The database keeps it current itself: triggers on the four tables write every insert, edit and delete
through, however the row changed (a model's save, rows.bulk_insert in a restore or the LinkedIn
import, a bulk UPDATE, a foreign key's ON DELETE SET NULL). A row is one document of three weighted
fields, NAME (a contact's or company's name, an application's title), DETAIL (title and email; domain;
company, department and location) and NOTES, under the id `ref * 4 + kind`; renaming a company
rewrites its applications' documents. Nothing here is a model, so exports never see it. Filled below
from the rows already stored, and rebuilt from scratch if this migration runs again.

SQLite: an FTS5 table, unicode61 with diacritics removed, prefix indexes for 2 and 3 characters. A
Python whose sqlite3 lacks FTS5 gets no index (and `crm search` says so); everything else works.
PostgreSQL: a tsvector per row under a GIN index, in the 'simple' configuration over text folded by
`search_fold` as SQLite's unicode61 folds it: lower case, accents off Latin letters (ł, ø, ß stay
letters of their own), punctuation made space so words split where SQLite splits them (the parser
would keep "jane@acme.example" one word). Statement-level triggers read the transition tables
(PostgreSQL 10+), so each 500-row INSERT of a restore is one write to the index, not 500.
"""

from __future__ import annotations

import unicodedata

import peewee as pw
from playhouse.migrate import SchemaMigrator

TABLE = "search_index"
NOTES_MAX = 100_000  # characters of notes indexed: a tsvector holds at most 1 MB

# (kind number, table, the columns the document is made of, NAME, DETAIL, NOTES). `r` is the row,
# `c` its company (applications only). The numbers are the store's: crm.store.search.KINDS.
KINDS = (
    (0, "person", ("name", "title", "email", "notes"),
     "r.name", "coalesce(r.title, '') || ' ' || coalesce(r.email, '')", "r.notes"),
    (1, "company", ("name", "domain", "notes"),
     "r.name", "coalesce(r.domain, '')", "r.notes"),
    (2, "application", ("title", "company_id", "department", "location", "notes"),
     "r.title", "coalesce(c.name, '') || ' ' || coalesce(r.department, '') || ' ' || coalesce(r.location, '')",
     "r.notes"),
    (3, "interaction", ("note",), "''", "''", "r.note"),
)
APPLICATION = KINDS[2]
JOINS = {"application": "LEFT JOIN company c ON c.id = r.company_id"}

# Latin letters lose their accents (as unicode61's remove_diacritics does); these scripts' capitals
# only become small letters. Combining marks are dropped; punctuation separates words.
LATIN = (*range(0xC0, 0x250), *range(0x1E00, 0x1F00))
CASED = tuple(range(0x370, 0x590))  # Greek, Cyrillic, Armenian
MARKS = "".join(chr(c) for c in range(0x300, 0x370))
PUNCTUATION = ("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\u00a0\u00a1\u00a7\u00ab\u00b6\u00b7\u00bb\u00bf\u00d7\u00f7"
               "\u2010\u2011\u2012\u2013\u2014\u2015\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f"
               "\u2020\u2021\u2022\u2026\u2030\u2032\u2033\u2039\u203a\u20ac")
SEPARATOR = "[" + "".join(f"\\u{ord(c):04x}" for c in PUNCTUATION) + "]"  # a regular expression
ACCENTED = r"([A-Za-z])[\u0300-\u036f]+"  # a Latin letter decomposed (NFD): itself, then its marks
NOT_ASCII = r"[^\x01-\x7f]"


def _fold_table(*, accents: bool = True) -> tuple[str, str]:
    """translate()'s FROM and TO: each letter to its folded form (only capitals to small letters without
    `accents`), and with `accents` punctuation to a space and combining marks to nothing."""
    source, target = [], []
    for code in (*LATIN, *CASED):
        letter = chr(code)
        if not letter.isalpha():
            continue
        bare = "".join(c for c in unicodedata.normalize("NFD", letter) if not unicodedata.combining(c))
        if code not in LATIN or not accents or not bare.isascii():  # ǣ stays: its base, æ, is a letter of its own
            bare = letter
        folded = bare.lower()
        if len(folded) == 1 and folded != letter:
            source.append(letter)
            target.append(folded)
    if not accents:
        return "".join(source), "".join(target)
    source += PUNCTUATION
    target += " " * len(PUNCTUATION)
    return "".join(source) + MARKS, "".join(target)  # FROM's characters past TO's length are deleted


def fold_select(*, modern: bool, lower_all: bool) -> str:
    """search_fold's SELECT of $1. `modern` (PostgreSQL 13+ in UTF-8): a Unicode decomposition and two
    regular expressions; else one translate() of every folded letter, as right but about 30 times slower
    (translate() reads its whole FROM for each character, and a restore pays that for every row).
    Without `lower_all` (a "C" collation, whose lower() changes A-Z alone) the other capitals are
    translated too, in the texts that have any."""
    if not modern:
        source, target = _fold_table()
        return f"SELECT translate(lower($1), {_literal(source)}, {_literal(target)})"
    bare = f"regexp_replace(normalize($1, NFD), {_literal(ACCENTED)}, {_literal(chr(92) + '1')}, 'g')"
    text = f"normalize(regexp_replace({bare}, {_literal(SEPARATOR)}, ' ', 'g'), NFC)"
    if lower_all:
        return f"SELECT lower({text})"
    source, target = _fold_table(accents=False)
    return (f"SELECT lower(CASE WHEN t ~ {_literal(NOT_ASCII)} THEN translate(t, {_literal(source)}, "
            f"{_literal(target)}) ELSE t END) FROM (SELECT {text} AS t) AS folded")


def _fold_body(db: pw.Database) -> str:
    """The fastest search_fold this server runs."""
    modern = (int(db.execute_sql("SHOW server_version_num").fetchone()[0]) >= 130000
              and db.execute_sql("SHOW server_encoding").fetchone()[0] == "UTF8")
    lower_all = db.execute_sql("SELECT lower(E'\\u00c9\\u0141\\u0416') = E'\\u00e9\\u0142\\u0436'").fetchone()[0]
    return fold_select(modern=modern, lower_all=lower_all)


def _literal(text: str) -> str:
    """An SQL string literal that reads the same whatever standard_conforming_strings says."""
    return "E'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _document(kind: tuple) -> str:
    """The SELECT list's document of the row `r`: NAME, DETAIL, NOTES (notes cut at NOTES_MAX)."""
    _, _, _, name, detail, notes = kind
    return f"{name}, {detail}, substr({notes}, 1, {NOTES_MAX})"


def _key(kind: tuple, alias: str = "r") -> str:
    return f"CAST({alias}.id AS BIGINT) * 4 + {kind[0]}"


# ---- SQLite ---------------------------------------------------------------------------------------

def _has_fts5(db: pw.Database) -> bool:
    try:
        db.execute_sql("CREATE VIRTUAL TABLE temp.search_probe USING fts5(x)")
    except pw.OperationalError:  # "no such module: fts5"
        return False
    db.execute_sql("DROP TABLE temp.search_probe")
    return True


def _sqlite_fill(kind: tuple, where: str = "") -> str:
    table = kind[1]
    return (f"INSERT INTO {TABLE} (rowid, name, detail, notes) SELECT {_key(kind)}, {_document(kind)} "
            f"FROM {table} r {JOINS.get(table, '')} {where}")


def _sqlite(db: pw.Database) -> None:
    for (table,) in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search\\_%' "
                                   "ESCAPE '\\'").fetchall():
        db.execute_sql(f'DROP TRIGGER "{table}"')
    db.execute_sql(f"DROP TABLE IF EXISTS {TABLE}")
    if not _has_fts5(db):
        return
    db.execute_sql(f"CREATE VIRTUAL TABLE {TABLE} USING fts5(name, detail, notes, "
                   "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')")
    for kind in KINDS:
        _, table, columns = kind[:3]
        db.execute_sql(_sqlite_fill(kind))
        drop_old = f"DELETE FROM {TABLE} WHERE rowid = {_key(kind, 'old')};"
        add_new = _sqlite_fill(kind, "WHERE r.id = new.id") + ";"
        db.execute_sql(f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN {add_new} END")
        db.execute_sql(f"CREATE TRIGGER search_{table}_update AFTER UPDATE OF id, {', '.join(columns)} ON {table} "
                       f"BEGIN {drop_old} {add_new} END")
        db.execute_sql(f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN {drop_old} END")
    db.execute_sql(
        f"CREATE TRIGGER search_company_rename AFTER UPDATE OF name ON company BEGIN "
        f"DELETE FROM {TABLE} WHERE rowid IN (SELECT {_key(APPLICATION)} FROM application r "
        f"WHERE r.company_id = new.id); {_sqlite_fill(APPLICATION, 'WHERE r.company_id = new.id')}; END")


# ---- PostgreSQL -----------------------------------------------------------------------------------

def _run(db: pw.Database, sql: str) -> None:
    """Run one statement without parameters (psycopg2 still reads "%" as a placeholder: doubled)."""
    db.execute_sql(sql.replace("%", "%%"))


def _postgres_rows(kind: tuple, rows: str, where: str = "", joins: str = "") -> str:
    """INSERT (or replace) the documents of `rows` (a table or a transition table, as `r`)."""
    return (f"INSERT INTO {TABLE} (id, doc) SELECT {_key(kind)}, search_doc({_document(kind)}) "
            f"FROM {rows} r {joins} {JOINS.get(kind[1], '')} {where} ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc")


def _postgres_trigger(db: pw.Database, table: str, event: str, statements: list[str]) -> None:
    name = f"search_{table}_{event.lower()}"
    _run(db, f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN "
             f"{'; '.join(statements)}; RETURN NULL; END $body$")
    rows = {"INSERT": "REFERENCING NEW TABLE AS new_rows", "DELETE": "REFERENCING OLD TABLE AS old_rows",
            "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows", "TRUNCATE": ""}[event]
    _run(db, f"CREATE TRIGGER {name} AFTER {event} ON {table} {rows} FOR EACH STATEMENT EXECUTE PROCEDURE {name}()")


def _postgres(db: pw.Database) -> None:
    for kind in KINDS:
        for event in ("insert", "update", "delete", "truncate"):
            _run(db, f"DROP FUNCTION IF EXISTS search_{kind[1]}_{event}() CASCADE")
    _run(db, f"DROP TABLE IF EXISTS {TABLE}")
    _run(db, "DROP FUNCTION IF EXISTS search_doc(text, text, text)")
    _run(db, "DROP FUNCTION IF EXISTS search_fold(text)")
    _run(db, "CREATE FUNCTION search_fold(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS "
             f"$fold$ {_fold_body(db)} $fold$")
    weighted = " || ".join(f"setweight(to_tsvector('simple', coalesce(search_fold({field}), '')), '{weight}')"
                           for field, weight in (("name", "A"), ("detail", "B"), ("notes", "D")))
    _run(db, "CREATE FUNCTION search_doc(name text, detail text, notes text) RETURNS tsvector LANGUAGE sql "
             f"IMMUTABLE PARALLEL SAFE AS $doc$ SELECT {weighted} $doc$")
    _run(db, f"CREATE TABLE {TABLE} (id BIGINT PRIMARY KEY, doc TSVECTOR NOT NULL)")
    for kind in KINDS:
        number, table, columns = kind[:3]
        _run(db, _postgres_rows(kind, table))
        changed = " OR ".join(f"r.{c} IS DISTINCT FROM o.{c}" for c in columns)
        gone = f"DELETE FROM {TABLE} WHERE id IN (SELECT {_key(kind)} FROM old_rows r"
        update = [f"{gone} WHERE r.id NOT IN (SELECT id FROM new_rows))",
                  _postgres_rows(kind, "new_rows", f"WHERE o.id IS NULL OR {changed}",
                                 "LEFT JOIN old_rows o ON o.id = r.id")]
        if table == "company":  # a renamed company: its applications' documents name it
            update.append(_postgres_rows(APPLICATION, "application", "", "JOIN new_rows n ON n.id = r.company_id "
                                         "JOIN old_rows o ON o.id = n.id AND o.name IS DISTINCT FROM n.name"))
        _postgres_trigger(db, table, "INSERT", [_postgres_rows(kind, "new_rows")])
        _postgres_trigger(db, table, "UPDATE", update)
        _postgres_trigger(db, table, "DELETE", [gone + ")"])
        _postgres_trigger(db, table, "TRUNCATE", [f"DELETE FROM {TABLE} WHERE id % 4 = {number}"])
    _run(db, f"CREATE INDEX {TABLE}_doc ON {TABLE} USING gin (doc)")


def up(migrator: SchemaMigrator, db: pw.Database) -> None:
    """Make the index, its triggers (and on PostgreSQL its functions), and fill it from the stored rows."""
    if isinstance(db, pw.PostgresqlDatabase):
        _postgres(db)
    else:
        _sqlite(db)
