"""Versioned schema migrations of the local store.

Each migration moves the schema from version N-1 to N and is applied inside the
transaction that also bumps ``PRAGMA user_version``, so a database is always at
exactly one known version. Migrations are append-only: a released step is never
edited, a change is a new step.

Encryption at rest: non-public content is marked by ``confidential`` columns on
agenda items and files, and ``file_version.encryption`` names how a blob is sealed
(NULL = plain). Sealing blobs and moving the database under SQLCipher changed
neither tables nor columns.
"""

from __future__ import annotations

from typing import Final

# Version 1: the OParl objects, each keeping the raw JSON the server sent.
_V1_OPARL_OBJECTS: Final = """
CREATE TABLE source (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL DEFAULT '',
    system_id TEXT,
    added_at TEXT NOT NULL
);

CREATE TABLE body (
    id TEXT PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
    name TEXT NOT NULL DEFAULT '',
    short_name TEXT,
    modified TEXT,
    raw TEXT NOT NULL
);

CREATE TABLE organization (
    id TEXT PRIMARY KEY,
    body_id TEXT REFERENCES body(id) ON DELETE CASCADE,
    name TEXT NOT NULL DEFAULT '',
    short_name TEXT,
    classification TEXT,
    organization_type TEXT,
    start_date TEXT,
    end_date TEXT,
    modified TEXT,
    raw TEXT NOT NULL
);

CREATE TABLE person (
    id TEXT PRIMARY KEY,
    body_id TEXT REFERENCES body(id) ON DELETE CASCADE,
    name TEXT NOT NULL DEFAULT '',
    family_name TEXT,
    given_name TEXT,
    modified TEXT,
    raw TEXT NOT NULL
);

CREATE TABLE membership (
    id TEXT PRIMARY KEY,
    person_id TEXT,
    organization_id TEXT,
    role TEXT,
    voting_right INTEGER,
    start_date TEXT,
    end_date TEXT,
    modified TEXT,
    raw TEXT NOT NULL
);
CREATE INDEX membership_person ON membership(person_id);
CREATE INDEX membership_organization ON membership(organization_id);

CREATE TABLE meeting (
    id TEXT PRIMARY KEY,
    body_id TEXT REFERENCES body(id) ON DELETE CASCADE,
    name TEXT NOT NULL DEFAULT '',
    start TEXT,
    end TEXT,
    location TEXT,
    meeting_state TEXT,
    cancelled INTEGER NOT NULL DEFAULT 0,
    invitation_file_id TEXT,
    results_protocol_file_id TEXT,
    verbatim_protocol_file_id TEXT,
    modified TEXT,
    raw TEXT NOT NULL
);
CREATE INDEX meeting_start ON meeting(start);

CREATE TABLE meeting_organization (
    meeting_id TEXT NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL,
    PRIMARY KEY (meeting_id, organization_id)
);
CREATE INDEX meeting_organization_org ON meeting_organization(organization_id);

CREATE TABLE agenda_item (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    number TEXT,
    name TEXT NOT NULL DEFAULT '',
    public INTEGER NOT NULL DEFAULT 1,
    confidential TEXT,
    late_item INTEGER NOT NULL DEFAULT 0,
    result TEXT,
    resolution_text TEXT,
    consultation_id TEXT,
    modified TEXT,
    raw TEXT NOT NULL
);
CREATE INDEX agenda_item_meeting ON agenda_item(meeting_id, position);

CREATE TABLE paper (
    id TEXT PRIMARY KEY,
    body_id TEXT REFERENCES body(id) ON DELETE CASCADE,
    name TEXT NOT NULL DEFAULT '',
    reference TEXT,
    paper_type TEXT,
    date TEXT,
    main_file_id TEXT,
    modified TEXT,
    raw TEXT NOT NULL
);

CREATE TABLE consultation (
    id TEXT PRIMARY KEY,
    paper_id TEXT,
    agenda_item_id TEXT,
    meeting_id TEXT,
    role TEXT,
    authoritative INTEGER,
    modified TEXT,
    raw TEXT NOT NULL
);
CREATE INDEX consultation_agenda_item ON consultation(agenda_item_id);
CREATE INDEX consultation_paper ON consultation(paper_id);

CREATE TABLE file (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    file_name TEXT,
    mime_type TEXT,
    size INTEGER,
    sha512 TEXT,
    sha1 TEXT,
    access_url TEXT,
    download_url TEXT,
    date TEXT,
    confidential TEXT,
    modified TEXT,
    raw TEXT NOT NULL
);

-- Which object a file belongs to, and in what role and order.
CREATE TABLE file_link (
    owner_id TEXT NOT NULL,
    file_id TEXT NOT NULL,
    role TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (owner_id, file_id, role)
);
CREATE INDEX file_link_file ON file_link(file_id);
"""

# Version 2: what only this machine knows: fetched file versions, reading state,
# per-source sync bookkeeping and small application state.
_V2_LOCAL_STATE: Final = """
CREATE TABLE file_version (
    id INTEGER PRIMARY KEY,
    file_id TEXT NOT NULL,
    blob_sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    source_modified TEXT,
    fetched_at TEXT NOT NULL,
    encryption TEXT,
    UNIQUE (file_id, blob_sha256)
);
CREATE INDEX file_version_file ON file_version(file_id);

CREATE TABLE read_state (
    file_id TEXT PRIMARY KEY,
    file_version_id INTEGER REFERENCES file_version(id) ON DELETE SET NULL,
    last_page INTEGER NOT NULL DEFAULT 0,
    read_at TEXT NOT NULL
);

CREATE TABLE sync_state (
    source_id INTEGER PRIMARY KEY REFERENCES source(id) ON DELETE CASCADE,
    last_started TEXT,
    last_success TEXT,
    last_error TEXT
);

CREATE TABLE app_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

# Version 3: incremental and authenticated sync.
# - source: how to authenticate (the secret itself lives only in the OS keyring)
#   and an extra CA bundle for municipal internal CAs;
# - sync_state.next_modified_since: the start of the last successful run, the
#   modified_since of the next one;
# - http_cache: validators of every list page and file fetched, for conditional
#   GET; a list page also keeps its next link and the ids it held, so an unchanged
#   page (304) still tells what it lists and where the list goes on; a small
#   object read on every run (the System) keeps its JSON for the same reason;
# - file_version.sha512 and .etag: what a version was checked against;
# - pinned: objects whose documents the user wants offline whatever their date;
# - sync_change: what each sync brought, for badges and notifications.
_V3_INCREMENTAL_SYNC: Final = """
ALTER TABLE source ADD COLUMN auth_kind TEXT NOT NULL DEFAULT 'none';
ALTER TABLE source ADD COLUMN username TEXT;
ALTER TABLE source ADD COLUMN ca_bundle TEXT;

ALTER TABLE sync_state ADD COLUMN next_modified_since TEXT;

CREATE TABLE http_cache (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    next_url TEXT,
    item_ids TEXT,
    document TEXT,
    fetched_at TEXT NOT NULL
);

ALTER TABLE file_version ADD COLUMN sha512 TEXT;
ALTER TABLE file_version ADD COLUMN etag TEXT;

CREATE TABLE pinned (
    object_id TEXT PRIMARY KEY,
    pinned_at TEXT NOT NULL
);

CREATE TABLE sync_change (
    id INTEGER PRIMARY KEY,
    sync_started TEXT NOT NULL,
    kind TEXT NOT NULL,
    object_id TEXT NOT NULL,
    detail TEXT,
    seen INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sync_change_unseen ON sync_change(seen, kind);
"""

# Version 4: where the reader left each document: the page, how far down it
# (0..1 of the page's height) and the zoom ("fit-width", "fit-page" or a percentage).
# Kept per file, not per version, so a new version opens where the old one was read.
_V4_DOCUMENT_POSITION: Final = """
CREATE TABLE document_position (
    file_id TEXT PRIMARY KEY,
    page INTEGER NOT NULL,
    page_offset REAL NOT NULL DEFAULT 0,
    zoom TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""

# SQLite's clock in the format of ``store.local.precise_now`` (ISO 8601 UTC with
# microseconds), so the two compare as strings.
_SQL_NOW: Final = "(strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000+00:00')"

# Version 5: what is new, changed and read, and what is on this machine.
# - object_arrival: when a meeting or a file first appeared in this store, kept by
#   triggers (an upsert that updates an existing row does not fire them), so every
#   writer is covered; rows outlive their object (a file that comes back is not new);
# - sync_state.first_success: the end of a source's first complete sync, the
#   baseline: what arrived with it is not news;
# - meeting_seen: when the user last looked at a meeting; news is counted from
#   then (from the baseline for a meeting never looked at);
# - download_failure: the last failed fetch of a file, until one succeeds;
# - file_version.page_count: counted in the render worker (NULL: unknown), and
#   page_count_checked_at, so a file MuPDF cannot open is not tried on every run;
# - an index that finds a file's current version without sorting all of them.
# Objects already stored and sources already synced count as the baseline: an
# upgrade shows no badges. The arrivals are written first, so they are not later
# than the baseline.
_V5_READING_STATE: Final = f"""
CREATE TABLE object_arrival (
    object_id TEXT PRIMARY KEY,
    arrived_at TEXT NOT NULL
);
INSERT OR IGNORE INTO object_arrival (object_id, arrived_at) SELECT id, {_SQL_NOW} FROM meeting;
INSERT OR IGNORE INTO object_arrival (object_id, arrived_at) SELECT id, {_SQL_NOW} FROM file;
CREATE TRIGGER meeting_arrival AFTER INSERT ON meeting BEGIN
    INSERT OR IGNORE INTO object_arrival (object_id, arrived_at) VALUES (NEW.id, {_SQL_NOW});
END;
CREATE TRIGGER file_arrival AFTER INSERT ON file BEGIN
    INSERT OR IGNORE INTO object_arrival (object_id, arrived_at) VALUES (NEW.id, {_SQL_NOW});
END;

ALTER TABLE sync_state ADD COLUMN first_success TEXT;
UPDATE sync_state SET first_success = {_SQL_NOW} WHERE last_success IS NOT NULL;

CREATE TABLE meeting_seen (
    meeting_id TEXT PRIMARY KEY,
    seen_at TEXT NOT NULL
);

CREATE TABLE download_failure (
    file_id TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    failed_at TEXT NOT NULL
);

ALTER TABLE file_version ADD COLUMN page_count INTEGER;
ALTER TABLE file_version ADD COLUMN page_count_checked_at TEXT;
CREATE INDEX file_version_current ON file_version(file_id, fetched_at, id);
"""

# Version 6: what the user writes, and the search index.
# - annotation: marks on a document, apart from the PDF. ``file_id`` has no foreign
#   key, so an annotation outlives a document the server removed; ``version_id`` is
#   the version it is placed on (its geometry is in that version's page points as
#   displayed). Text marks keep a text-quote selector (exact, prefix, suffix) and a
#   text position (``quote_start``: characters into the page's text); ink, notes and
#   text boxes keep the nearby text the same way. ``anchor_state``: placed by the
#   user, moved by a re-anchoring, or to be reviewed (kept on its old version);
#   ``previous_version_id`` and ``previous_page`` say where a re-anchoring moved it
#   from, ``checked_version_id`` the newest version it was re-anchored against.
# - note: Markdown per meeting, agenda item or paper; item_flag: the user's star.
# - removed_object: a file, meeting, agenda item or paper the server removed while
#   the user had annotations or notes on it (kept by triggers), so what the user
#   wrote is shown as belonging to a removed document, never silently dropped.
# - search: page texts of fetched versions (page_fts, filled by the indexer, with
#   search_page saying which pages of which version hold no text), note and
#   annotation texts (note_fts, annotation_fts, kept by triggers). The tokenizer
#   folds case but keeps å, ä and ö distinct letters.
_V6_USER_DATA_AND_SEARCH: Final = f"""
CREATE TABLE annotation (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    file_id TEXT NOT NULL,
    version_id INTEGER REFERENCES file_version(id) ON DELETE SET NULL,
    kind TEXT NOT NULL
        CHECK (kind IN ('highlight', 'underline', 'strikeout', 'ink', 'note', 'textbox')),
    colour TEXT NOT NULL,
    page INTEGER NOT NULL,
    geometry TEXT NOT NULL,
    quote_exact TEXT NOT NULL DEFAULT '',
    quote_prefix TEXT NOT NULL DEFAULT '',
    quote_suffix TEXT NOT NULL DEFAULT '',
    quote_start INTEGER,
    comment TEXT NOT NULL DEFAULT '',
    anchor_state TEXT NOT NULL DEFAULT 'placed'
        CHECK (anchor_state IN ('placed', 'moved', 'review')),
    previous_version_id INTEGER REFERENCES file_version(id) ON DELETE SET NULL,
    previous_page INTEGER,
    checked_version_id INTEGER REFERENCES file_version(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    modified_at TEXT NOT NULL
);
CREATE INDEX annotation_file ON annotation(file_id, page);

CREATE TABLE note (
    id INTEGER PRIMARY KEY,
    object_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('meeting', 'agenda_item', 'paper')),
    body TEXT NOT NULL,
    modified_at TEXT NOT NULL
);

CREATE TABLE item_flag (
    object_id TEXT PRIMARY KEY,
    flagged_at TEXT NOT NULL
);

CREATE TABLE removed_object (
    object_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('file', 'meeting', 'agenda_item', 'paper')),
    name TEXT NOT NULL,
    file_name TEXT,
    mime_type TEXT,
    removed_at TEXT NOT NULL,
    noticed INTEGER NOT NULL DEFAULT 0
);
CREATE TRIGGER file_removed AFTER DELETE ON file
WHEN EXISTS (SELECT 1 FROM annotation WHERE file_id = OLD.id) BEGIN
    INSERT OR REPLACE INTO removed_object
        (object_id, kind, name, file_name, mime_type, removed_at)
    VALUES (OLD.id, 'file', COALESCE(NULLIF(OLD.name, ''), OLD.file_name, ''), OLD.file_name,
            OLD.mime_type, {_SQL_NOW});
END;
CREATE TRIGGER meeting_removed AFTER DELETE ON meeting
WHEN EXISTS (SELECT 1 FROM note WHERE object_id = OLD.id) BEGIN
    INSERT OR REPLACE INTO removed_object (object_id, kind, name, removed_at)
    VALUES (OLD.id, 'meeting', OLD.name, {_SQL_NOW});
END;
CREATE TRIGGER agenda_item_removed AFTER DELETE ON agenda_item
WHEN EXISTS (SELECT 1 FROM note WHERE object_id = OLD.id) BEGIN
    INSERT OR REPLACE INTO removed_object (object_id, kind, name, removed_at)
    VALUES (OLD.id, 'agenda_item', OLD.name, {_SQL_NOW});
END;
CREATE TRIGGER paper_removed AFTER DELETE ON paper
WHEN EXISTS (SELECT 1 FROM note WHERE object_id = OLD.id) BEGIN
    INSERT OR REPLACE INTO removed_object (object_id, kind, name, removed_at)
    VALUES (OLD.id, 'paper', OLD.name, {_SQL_NOW});
END;
CREATE TRIGGER file_returned AFTER INSERT ON file BEGIN
    DELETE FROM removed_object WHERE object_id = NEW.id;
END;
CREATE TRIGGER meeting_returned AFTER INSERT ON meeting BEGIN
    DELETE FROM removed_object WHERE object_id = NEW.id;
END;
CREATE TRIGGER agenda_item_returned AFTER INSERT ON agenda_item BEGIN
    DELETE FROM removed_object WHERE object_id = NEW.id;
END;
CREATE TRIGGER paper_returned AFTER INSERT ON paper BEGIN
    DELETE FROM removed_object WHERE object_id = NEW.id;
END;

CREATE TABLE search_page (
    id INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES file_version(id) ON DELETE CASCADE,
    page INTEGER NOT NULL,
    has_text INTEGER NOT NULL,
    UNIQUE (version_id, page)
);
CREATE TABLE search_version (
    version_id INTEGER PRIMARY KEY REFERENCES file_version(id) ON DELETE CASCADE,
    indexed_at TEXT NOT NULL,
    pages INTEGER NOT NULL,
    pages_without_text INTEGER NOT NULL,
    error TEXT
);
CREATE VIRTUAL TABLE page_fts USING fts5(
    body, tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3'
);
CREATE TRIGGER search_page_removed AFTER DELETE ON search_page BEGIN
    DELETE FROM page_fts WHERE rowid = OLD.id;
END;

CREATE VIRTUAL TABLE note_fts USING fts5(
    body, content = 'note', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3'
);
CREATE TRIGGER note_inserted AFTER INSERT ON note BEGIN
    INSERT INTO note_fts (rowid, body) VALUES (NEW.id, NEW.body);
END;
CREATE TRIGGER note_deleted AFTER DELETE ON note BEGIN
    INSERT INTO note_fts (note_fts, rowid, body) VALUES ('delete', OLD.id, OLD.body);
END;
CREATE TRIGGER note_updated AFTER UPDATE OF body ON note BEGIN
    INSERT INTO note_fts (note_fts, rowid, body) VALUES ('delete', OLD.id, OLD.body);
    INSERT INTO note_fts (rowid, body) VALUES (NEW.id, NEW.body);
END;

CREATE VIRTUAL TABLE annotation_fts USING fts5(
    comment, content = 'annotation', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3'
);
CREATE TRIGGER annotation_inserted AFTER INSERT ON annotation BEGIN
    INSERT INTO annotation_fts (rowid, comment) VALUES (NEW.id, NEW.comment);
END;
CREATE TRIGGER annotation_deleted AFTER DELETE ON annotation BEGIN
    INSERT INTO annotation_fts (annotation_fts, rowid, comment)
        VALUES ('delete', OLD.id, OLD.comment);
END;
CREATE TRIGGER annotation_updated AFTER UPDATE OF comment ON annotation BEGIN
    INSERT INTO annotation_fts (annotation_fts, rowid, comment)
        VALUES ('delete', OLD.id, OLD.comment);
    INSERT INTO annotation_fts (rowid, comment) VALUES (NEW.id, NEW.comment);
END;
"""

# Version 7: retention (gallring) and revocation.
# - revoked_file: files this machine must not hold. The sync records a refusal
#   (``denied``: 401/403; ``gone``: 410) of a file it held; retention records the
#   non-public files of a committee whose membership ended (``membership_ended``);
#   a trigger records a file row deleted while a version of it is here (``gone``).
#   ``detail`` is the HTTP status or the organization, ``name`` the document's name
#   (the file row may be gone), ``file_modified`` the file's ``modified`` then: the
#   scope does not ask again for a refused file until the server changes it. A
#   version fetched (the user opened it and the server gave it) lifts the row.
# - removal_log: what retention removed from this machine, when and why, and what
#   became of the user's writing on it, to tell the user (kept for 90 days).
# - removed_read: the content last read of a file whose copies were removed, so a
#   copy fetched again with the same content reads as read, not as changed.
# - a version fetched again also takes the file off the removed_object list (the
#   content came back), and so does the file row coming back.
_V7_RETENTION: Final = f"""
CREATE TABLE revoked_file (
    file_id TEXT PRIMARY KEY,
    reason TEXT NOT NULL CHECK (reason IN ('denied', 'gone', 'membership_ended')),
    detail TEXT,
    name TEXT NOT NULL DEFAULT '',
    file_modified TEXT,
    revoked_at TEXT NOT NULL
);
CREATE TRIGGER file_gone AFTER DELETE ON file
WHEN EXISTS (SELECT 1 FROM file_version WHERE file_id = OLD.id) BEGIN
    INSERT OR REPLACE INTO revoked_file (file_id, reason, detail, name, file_modified, revoked_at)
    VALUES (OLD.id, 'gone', NULL, COALESCE(NULLIF(OLD.name, ''), OLD.file_name, ''),
            OLD.modified, {_SQL_NOW});
END;
CREATE TRIGGER file_back AFTER INSERT ON file BEGIN
    DELETE FROM revoked_file WHERE file_id = NEW.id AND reason = 'gone';
END;

CREATE TABLE removed_read (
    file_id TEXT PRIMARY KEY,
    blob_sha256 TEXT NOT NULL
);
CREATE TRIGGER file_version_fetched_again AFTER INSERT ON file_version BEGIN
    DELETE FROM revoked_file WHERE file_id = NEW.file_id;
    DELETE FROM removed_object WHERE object_id = NEW.file_id AND kind = 'file';
    UPDATE read_state SET file_version_id = NEW.id
    WHERE file_id = NEW.file_id AND file_version_id IS NULL AND EXISTS (
        SELECT 1 FROM removed_read AS r
        WHERE r.file_id = NEW.file_id AND r.blob_sha256 = NEW.blob_sha256);
    DELETE FROM removed_read WHERE file_id = NEW.file_id;
END;

CREATE TABLE removal_log (
    id INTEGER PRIMARY KEY,
    run_at TEXT NOT NULL,
    object_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('file', 'meeting', 'agenda_item', 'paper')),
    name TEXT NOT NULL,
    meeting_name TEXT,
    meeting_start TEXT,
    reason TEXT NOT NULL CHECK (reason IN
        ('non_public_expired', 'expired', 'denied', 'gone', 'membership_ended')),
    detail TEXT,
    versions INTEGER NOT NULL DEFAULT 0,
    bytes INTEGER NOT NULL DEFAULT 0,
    writing TEXT NOT NULL CHECK (writing IN ('none', 'kept', 'exported', 'export_failed')),
    export_path TEXT,
    noticed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX removal_log_run ON removal_log(run_at);
"""

MIGRATIONS: Final[tuple[str, ...]] = (
    _V1_OPARL_OBJECTS,
    _V2_LOCAL_STATE,
    _V3_INCREMENTAL_SYNC,
    _V4_DOCUMENT_POSITION,
    _V5_READING_STATE,
    _V6_USER_DATA_AND_SEARCH,
    _V7_RETENTION,
)
LATEST_VERSION: Final = len(MIGRATIONS)
