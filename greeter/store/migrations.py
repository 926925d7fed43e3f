"""The schema, changed only through named migrations. Never rename one once released."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATIONS = Migrations("greeter")


def _run(db: Database, *statements: str) -> None:
    # executescript() would commit the migration's transaction, so run one by one.
    for statement in statements:
        db.execute(statement)


@MIGRATIONS(name="0001_initial")
def initial(db: Database) -> None:
    _run(
        db,
        """CREATE TABLE staff (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            role TEXT NOT NULL DEFAULT 'staff' CHECK (role IN ('owner', 'manager', 'staff')),
            active INTEGER NOT NULL DEFAULT 1,
            created TEXT NOT NULL
        )""",
        """CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
        """CREATE TABLE customers (
            id INTEGER PRIMARY KEY,
            preferred_name TEXT NOT NULL,
            full_name TEXT NOT NULL DEFAULT '',
            pronunciation TEXT NOT NULL DEFAULT '',
            birth_month INTEGER CHECK (birth_month BETWEEN 1 AND 12),
            birth_day INTEGER CHECK (birth_day BETWEEN 1 AND 31),
            birth_year INTEGER,
            created TEXT NOT NULL,
            visits INTEGER NOT NULL DEFAULT 0,
            first_visit TEXT,
            last_visit TEXT,
            lifetime_spend_cents INTEGER NOT NULL DEFAULT 0,
            search_rank INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE customer_phones (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            e164 TEXT NOT NULL,
            display TEXT NOT NULL
        )""",
        "CREATE INDEX customer_phones_e164 ON customer_phones(e164)",
        "CREATE INDEX customer_phones_customer ON customer_phones(customer_id)",
        """CREATE TABLE customer_emails (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            email TEXT NOT NULL
        )""",
        "CREATE INDEX customer_emails_email ON customer_emails(email)",
        "CREATE INDEX customer_emails_customer ON customer_emails(customer_id)",
        """CREATE TABLE identifiers (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            system TEXT NOT NULL,
            value TEXT NOT NULL,
            UNIQUE (system, value)
        )""",
        "CREATE INDEX identifiers_customer ON identifiers(customer_id)",
        """CREATE TABLE purchases (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
            source TEXT NOT NULL DEFAULT 'greeter',
            receipt_id TEXT NOT NULL,
            purchased_at TEXT NOT NULL,
            total_cents INTEGER NOT NULL,
            currency TEXT NOT NULL,
            UNIQUE (source, receipt_id)
        )""",
        "CREATE INDEX purchases_customer_time ON purchases(customer_id, purchased_at)",
        """CREATE TABLE purchase_lines (
            id INTEGER PRIMARY KEY,
            purchase_id INTEGER NOT NULL REFERENCES purchases(id) ON DELETE CASCADE,
            line_no INTEGER NOT NULL,
            item TEXT NOT NULL,
            sku TEXT NOT NULL DEFAULT '',
            quantity REAL NOT NULL DEFAULT 1,
            amount_cents INTEGER NOT NULL,
            UNIQUE (purchase_id, line_no)
        )""",
        """CREATE TABLE customer_items (
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            item TEXT NOT NULL,
            quantity REAL NOT NULL,
            times INTEGER NOT NULL,
            last_bought TEXT NOT NULL,
            PRIMARY KEY (customer_id, item)
        ) WITHOUT ROWID""",
        """CREATE TABLE notes (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'general'
                CHECK (kind IN ('general', 'preference', 'caution')),
            pinned INTEGER NOT NULL DEFAULT 0,
            author_id INTEGER NOT NULL REFERENCES staff(id),
            created TEXT NOT NULL,
            edited TEXT,
            retired TEXT
        )""",
        "CREATE INDEX notes_customer ON notes(customer_id, retired, pinned, created)",
        """CREATE TABLE follow_ups (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('promise', 'reserved', 'problem', 'call_back')),
            text TEXT NOT NULL,
            due TEXT,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
            taken_by_id INTEGER NOT NULL REFERENCES staff(id),
            created TEXT NOT NULL,
            done_at TEXT,
            done_by_id INTEGER REFERENCES staff(id)
        )""",
        "CREATE INDEX follow_ups_customer ON follow_ups(customer_id, status)",
        "CREATE INDEX follow_ups_open_due ON follow_ups(status, due)",
        # Name search: whole folded words, their 1-4 letter prefixes ranked so the index
        # itself yields the best candidates, and the distinct words for typo matching.
        """CREATE TABLE name_terms (
            term TEXT NOT NULL,
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            PRIMARY KEY (term, customer_id)
        ) WITHOUT ROWID""",
        "CREATE INDEX name_terms_customer ON name_terms(customer_id, term)",
        """CREATE TABLE name_prefixes (
            prefix TEXT NOT NULL,
            rank INTEGER NOT NULL,
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            PRIMARY KEY (prefix, rank, customer_id)
        ) WITHOUT ROWID""",
        "CREATE INDEX name_prefixes_customer ON name_prefixes(customer_id)",
        """CREATE TABLE name_vocab (id INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE)""",
    )
