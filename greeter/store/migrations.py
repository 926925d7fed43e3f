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


@MIGRATIONS(name="0002_imports_consents_tags")
def imports_consents_tags(db: Database) -> None:
    _run(
        db,
        # Marketing consent: a row per change, the latest (highest id) wins.
        """CREATE TABLE consents (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
            granted INTEGER NOT NULL CHECK (granted IN (0, 1)),
            recorded_at TEXT NOT NULL,
            source TEXT NOT NULL
        )""",
        "CREATE INDEX consents_customer ON consents(customer_id, channel, id)",
        """CREATE TABLE customer_tags (
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            tag TEXT NOT NULL COLLATE NOCASE,
            PRIMARY KEY (customer_id, tag)
        ) WITHOUT ROWID""",
        """CREATE TABLE imports (
            id INTEGER PRIMARY KEY,
            file_name TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('customers', 'sales')),
            new INTEGER NOT NULL,
            updated INTEGER NOT NULL,
            unchanged INTEGER NOT NULL,
            bad INTEGER NOT NULL,
            imported_at TEXT NOT NULL,
            staff TEXT NOT NULL
        )""",
        # Column mappings the shop adjusted, remembered per header row and kind of file.
        """CREATE TABLE import_mappings (
            header_key TEXT NOT NULL,
            kind TEXT NOT NULL,
            overrides TEXT NOT NULL,
            updated TEXT NOT NULL,
            PRIMARY KEY (header_key, kind)
        )""",
        # A random name for this shop's file, so its exported customer ids never collide
        # with another shop's when the export is imported somewhere else.
        """CREATE TABLE shop_key (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            value TEXT NOT NULL
        )""",
        "INSERT INTO shop_key (id, value) VALUES (1, lower(hex(randomblob(6))))",
    )


@MIGRATIONS(name="0003_staff_pins_audit_erasures")
def staff_pins_audit_erasures(db: Database) -> None:
    import secrets

    from greeter.store.audit_schema import CREATE_AUDIT, append_only, create_audit_triggers

    _run(
        db,
        # PINs only as salted scrypt hashes; wrong tries and lockouts survive a restart.
        """CREATE TABLE staff_pins (
            staff_id INTEGER PRIMARY KEY REFERENCES staff(id) ON DELETE CASCADE,
            pin_hash TEXT NOT NULL,
            set_at TEXT NOT NULL,
            wrong_tries INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT
        )""",
        *CREATE_AUDIT,
        *append_only("audit"),
        # That an erasure happened, without personal data: the old customer number and
        # keyed hashes (HMAC with settings.erasure_secret) of what identified them.
        """CREATE TABLE erasures (
            id INTEGER PRIMARY KEY,
            ref TEXT NOT NULL UNIQUE,
            at TEXT NOT NULL,
            by_staff_id INTEGER,
            customer_id INTEGER NOT NULL,
            key_id TEXT NOT NULL,
            hashes TEXT NOT NULL
        )""",
        *append_only("erasures"),
    )
    db.execute(
        "INSERT OR IGNORE INTO settings (key, value) VALUES ('erasure_secret', ?)",
        [secrets.token_hex(32)],
    )
    # Every later migration that adds or changes a table must call this again at its end.
    create_audit_triggers(db)


@MIGRATIONS(name="0004_shop_memory")
def shop_memory(db: Database) -> None:
    from greeter.store.audit_schema import create_audit_triggers

    _run(
        db,
        # Notes: who edited, confirmed ("still true?") and retired them; earlier versions.
        "ALTER TABLE notes ADD COLUMN edited_by_id INTEGER REFERENCES staff(id)",
        "ALTER TABLE notes ADD COLUMN confirmed TEXT",
        "ALTER TABLE notes ADD COLUMN confirmed_by_id INTEGER REFERENCES staff(id)",
        "ALTER TABLE notes ADD COLUMN retired_by_id INTEGER REFERENCES staff(id)",
        """CREATE TABLE note_versions (
            id INTEGER PRIMARY KEY,
            note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            kind TEXT NOT NULL,
            author_id INTEGER NOT NULL REFERENCES staff(id),
            written TEXT NOT NULL,
            replaced TEXT NOT NULL
        )""",
        "CREATE INDEX note_versions_note ON note_versions(note_id, id)",
        "ALTER TABLE follow_ups ADD COLUMN edited TEXT",
        "ALTER TABLE follow_ups ADD COLUMN edited_by_id INTEGER REFERENCES staff(id)",
        # Structured facts shown as chips: "Shoe size: 11", "Avoids: Brand X".
        """CREATE TABLE preferences (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            label TEXT NOT NULL,
            value TEXT NOT NULL,
            updated TEXT NOT NULL,
            author_id INTEGER NOT NULL REFERENCES staff(id)
        )""",
        "CREATE INDEX preferences_customer ON preferences(customer_id, label)",
        # "Ingrid — buys for → Felix": one row, shown on both cards.
        """CREATE TABLE customer_links (
            id INTEGER PRIMARY KEY,
            from_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            to_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            label TEXT NOT NULL,
            created TEXT NOT NULL,
            author_id INTEGER NOT NULL REFERENCES staff(id),
            UNIQUE (from_id, to_id, label),
            CHECK (from_id != to_id)
        )""",
        "CREATE INDEX customer_links_to ON customer_links(to_id)",
        # Dates other than the birthday; looked up by day for the day's list.
        """CREATE TABLE occasions (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            label TEXT NOT NULL,
            month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
            day INTEGER NOT NULL CHECK (day BETWEEN 1 AND 31),
            year INTEGER,
            created TEXT NOT NULL,
            author_id INTEGER REFERENCES staff(id)
        )""",
        "CREATE INDEX occasions_customer ON occasions(customer_id)",
        "CREATE INDEX occasions_day ON occasions(month, day)",
        "CREATE INDEX customers_birthday ON customers(birth_month, birth_day)",
        # Lapsed regulars, most recently lapsed first, counted from the index alone.
        "CREATE INDEX customers_last_visit ON customers(last_visit, visits)",
        # Likely duplicates: a similar name with the same phone ending (greeter.store.duplicates).
        "CREATE INDEX customer_phones_ending ON customer_phones(substr(e164, -4))",
        # Manual tags say who added them and when (imported ones have neither).
        "ALTER TABLE customer_tags ADD COLUMN tagged_by_id INTEGER REFERENCES staff(id)",
        "ALTER TABLE customer_tags ADD COLUMN tagged_at TEXT",
        # Each time a customer's card is shown at the counter: "greeted today".
        """CREATE TABLE greetings (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            staff_id INTEGER REFERENCES staff(id),
            seen_at TEXT NOT NULL
        )""",
        "CREATE INDEX greetings_time ON greetings(seen_at)",
        "CREATE INDEX greetings_customer ON greetings(customer_id, seen_at)",
        # Merged customers: the merged one's own fields as JSON, so nothing is lost. Erasing
        # the kept customer erases the record too.
        """CREATE TABLE merges (
            id INTEGER PRIMARY KEY,
            kept_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            merged_id INTEGER NOT NULL,
            merged_at TEXT NOT NULL,
            by_id INTEGER NOT NULL REFERENCES staff(id),
            snapshot TEXT NOT NULL
        )""",
        "CREATE INDEX merges_kept ON merges(kept_id)",
        # Figures the badge rules need that cost a scan: computed at most once a day.
        """CREATE TABLE rule_cache (
            name TEXT PRIMARY KEY,
            computed_for TEXT NOT NULL,
            value INTEGER
        )""",
        # Spend per customer over a date range, read from the index alone (VIP threshold).
        "CREATE INDEX purchases_time_spend ON purchases(purchased_at, customer_id, total_cents)",
    )
    create_audit_triggers(db)


@MIGRATIONS(name="0005_card_read_indexes")
def card_read_indexes(db: Database) -> None:
    _run(
        db,
        # A customer's purchases by time with their totals, read from the index alone: the
        # card's visit figures for a regular who came hundreds of times this year read no
        # table rows. It serves everything the narrower index it replaces did.
        "CREATE INDEX purchases_customer_time_total"
        " ON purchases(customer_id, purchased_at, total_cents)",
        "DROP INDEX purchases_customer_time",
    )


@MIGRATIONS(name="0006_name_prefixes_by_customer")
def name_prefixes_by_customer(db: Database) -> None:
    """The name index kept by customer, with the ranked order as its index: a visit changes
    a customer's rank in place in the table, and moves only the index entries (an import
    of 40,000 customers' visits re-ranked them in half the time)."""
    _run(
        db,
        """CREATE TABLE name_prefixes_by_customer (
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            prefix TEXT NOT NULL,
            rank INTEGER NOT NULL,
            PRIMARY KEY (customer_id, prefix)
        ) WITHOUT ROWID""",
        "INSERT INTO name_prefixes_by_customer (customer_id, prefix, rank)"
        " SELECT customer_id, prefix, rank FROM name_prefixes ORDER BY customer_id, prefix",
        "DROP TABLE name_prefixes",
        "ALTER TABLE name_prefixes_by_customer RENAME TO name_prefixes",
        # Who comes first for the letters typed: the search reads this index alone.
        "CREATE INDEX name_prefixes_ranked ON name_prefixes(prefix, rank, customer_id)",
    )


@MIGRATIONS(name="0007_imported_notes")
def imported_notes(db: Database) -> None:
    from greeter.store.audit_schema import create_audit_triggers

    _run(
        db,
        # The till or web shop a note came from with an import ('square'); NULL for notes
        # written in Greeter. Such a note reads as written by the import, not by the staff
        # member who ran it (author_id, who the audit trail names).
        "ALTER TABLE notes ADD COLUMN imported_from TEXT",
        "ALTER TABLE note_versions ADD COLUMN imported_from TEXT",
    )
    create_audit_triggers(db)


@MIGRATIONS(name="0008_links_on_both_trails")
def links_on_both_trails(db: Database) -> None:
    from greeter.store.audit_schema import OTHER_CUSTOMER_INDEX, create_audit_triggers

    # A link's audit records name its other customer in their detail (see audit_schema),
    # found through this index when that customer's trail is read. Earlier records of a
    # link stay on the one customer's trail they were filed under.
    create_audit_triggers(db)
    db.execute(OTHER_CUSTOMER_INDEX)


@MIGRATIONS(name="0009_customers_imported_from")
def customers_imported_from(db: Database) -> None:
    from greeter.store.audit_schema import create_audit_triggers

    _run(
        db,
        # The till or web shop whose file first brought the customer ('shopify'); NULL for
        # one added in Greeter. Known there before they were added here: never New, never
        # met as a stranger.
        "ALTER TABLE customers ADD COLUMN imported_from TEXT",
        # Customers imported before: what their import left on them says where from. (The
        # audit triggers, not yet re-made, do not see the new column: no record per row.)
        """UPDATE customers SET imported_from = coalesce(
            (SELECT system FROM identifiers
                WHERE customer_id = customers.id AND system != 'card' LIMIT 1),
            (SELECT imported_from FROM notes
                WHERE customer_id = customers.id AND imported_from IS NOT NULL LIMIT 1),
            (SELECT substr(source, 8) FROM consents
                WHERE customer_id = customers.id AND source LIKE 'import:%' LIMIT 1),
            (SELECT 'import' FROM customer_tags
                WHERE customer_id = customers.id AND tagged_by_id IS NULL LIMIT 1))""",
    )
    create_audit_triggers(db)


@MIGRATIONS(name="0010_customer_numbers")
def customer_numbers(db: Database) -> None:
    from greeter.store.audit_schema import create_audit_triggers

    _run(
        db,
        # The highest customer number ever given. A new customer gets the next one, never
        # the number of someone erased or merged away: their audit trail, erasure ledger
        # entry, merge record and any note or till script saying "#14" still mean them.
        # (One row kept by Customers.add, not AUTOINCREMENT: that would rebuild the table.)
        """CREATE TABLE customer_numbers (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            highest INTEGER NOT NULL
        )""",
        # Numbers given before: wherever the file still writes them.
        """INSERT INTO customer_numbers (id, highest) SELECT 1, max(
            coalesce((SELECT max(id) FROM customers), 0),
            coalesce((SELECT max(customer_id) FROM audit), 0),
            coalesce((SELECT max(merged_id) FROM merges), 0),
            coalesce((SELECT max(customer_id) FROM erasures), 0))""",
    )
    create_audit_triggers(db)


@MIGRATIONS(name="0011_refunds_applied")
def refunds_applied(db: Database) -> None:
    from greeter.store.audit_schema import create_audit_triggers

    _run(
        db,
        # A refund rung up as its own receipt (Square's always are) takes the items it gives
        # back off the customer's earlier sale: a row per sale it changed. Its receipt here
        # means it is never taken off twice, however often an export holding it is imported,
        # and a sale it emptied is not filled in again by a later export of that sale.
        """CREATE TABLE refunds_applied (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            receipt_id TEXT NOT NULL,
            purchase_id INTEGER NOT NULL REFERENCES purchases(id) ON DELETE CASCADE,
            UNIQUE (source, receipt_id, purchase_id)
        )""",
        "CREATE INDEX refunds_applied_purchase ON refunds_applied(purchase_id)",
    )
    create_audit_triggers(db)


@MIGRATIONS(name="0012_refunds_waiting")
def refunds_waiting(db: Database) -> None:
    from greeter.store.audit_schema import create_audit_triggers

    # Sales whose every item a refund gave back: taken out, as an order refunded whole is
    # (the refund is not a visit, nor is what it gave back).
    emptied = [
        (int(pid), customer)
        for pid, customer in db.execute(
            """SELECT id, customer_id FROM purchases WHERE id IN
                (SELECT purchase_id FROM refunds_applied)
            AND NOT EXISTS (SELECT 1 FROM purchase_lines WHERE purchase_id = purchases.id)"""
        ).fetchall()
    ]
    _run(
        db,
        # Which refund changed which sale, now by the sale's receipt: a sale given back whole
        # is no longer stored, and its row here still keeps a later export of it from
        # bringing it back, and the refund from being taken off another sale.
        """CREATE TABLE refunds_applied_0012 (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            receipt_id TEXT NOT NULL,
            sale_source TEXT NOT NULL,
            sale_receipt_id TEXT NOT NULL,
            UNIQUE (source, receipt_id, sale_source, sale_receipt_id)
        )""",
        """INSERT INTO refunds_applied_0012 (id, source, receipt_id, sale_source,
            sale_receipt_id)
        SELECT r.id, r.source, r.receipt_id, p.source, p.receipt_id
        FROM refunds_applied r JOIN purchases p ON p.id = r.purchase_id""",
        "DROP TABLE refunds_applied",
        "ALTER TABLE refunds_applied_0012 RENAME TO refunds_applied",
        "CREATE INDEX refunds_applied_sale ON refunds_applied(sale_source, sale_receipt_id)",
        # The items a refund gave back that matched no sale stored then (its sale's file not
        # imported yet): taken off the sale by the import that brings it.
        """CREATE TABLE refunds_waiting (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            receipt_id TEXT NOT NULL,
            purchased_at TEXT NOT NULL,
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            line_no INTEGER NOT NULL,
            item TEXT NOT NULL,
            sku TEXT NOT NULL DEFAULT '',
            quantity REAL NOT NULL,
            amount_cents INTEGER NOT NULL,
            UNIQUE (source, receipt_id, line_no)
        )""",
        "CREATE INDEX refunds_waiting_customer ON refunds_waiting(customer_id)",
    )
    db.conn.executemany("DELETE FROM purchases WHERE id = ?", [(p,) for p, _ in emptied])
    # Their customers' figures, worked out again from what is left, as Purchases.recompute
    # does (their usual items stay: those sales had no items left).
    customers = [{"c": c} for c in sorted({c for _, c in emptied if c is not None})]
    for statement in (
        """UPDATE customers SET
            visits = (SELECT count(*) FROM purchases WHERE customer_id = :c),
            lifetime_spend_cents = (SELECT coalesce(sum(total_cents), 0) FROM purchases
                WHERE customer_id = :c),
            first_visit = (SELECT min(purchased_at) FROM purchases WHERE customer_id = :c),
            last_visit = (SELECT max(purchased_at) FROM purchases WHERE customer_id = :c)
        WHERE id = :c""",
        # search.rank_for: the day number of the last visit, 0 without one
        """UPDATE customers SET search_rank = coalesce(
            CAST(julianday(substr(last_visit, 1, 10)) - 1721424.5 AS INTEGER), 0)
        WHERE id = :c""",
        """UPDATE name_prefixes SET rank = (SELECT search_rank FROM customers WHERE id = :c)
        WHERE customer_id = :c""",
    ):
        db.conn.executemany(statement, customers)
    create_audit_triggers(db)
