-- HEP Builder plan store, migration 1: plans, every saved version of them, and who has one open.
-- Applied by `hep-builder plans migrate-db` (in one transaction, recorded in schema_migrations).

-- Trigram indexes: Find a plan matches parts of names and forgives typos. pg_trgm is a trusted
-- extension (PostgreSQL 13+), so the database owner may create it; it ships with the server package.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- One row per plan: the current version's document as written, plus what Find a plan searches and shows.
CREATE TABLE plans (
    id            text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9-]{1,64}$'),
    version       integer NOT NULL,               -- the current version (a plan_versions row)
    document      text NOT NULL,                  -- the plan file, exactly as the program wrote it
    patient_name  text NOT NULL DEFAULT '',
    chart_number  text NOT NULL DEFAULT '',
    date_of_birth text NOT NULL DEFAULT '',
    therapist     text NOT NULL DEFAULT '',
    location      text NOT NULL DEFAULT '',
    title         text NOT NULL DEFAULT '',
    exercises     integer NOT NULL DEFAULT 0,
    created       text NOT NULL DEFAULT '',       -- the plan's own times (ISO, the saving PC's clock)
    modified      text NOT NULL DEFAULT '',
    search_text   text NOT NULL DEFAULT '',       -- folded name, chart number, therapist, dates
    saved_at      timestamptz NOT NULL DEFAULT now(),
    saved_by      text NOT NULL DEFAULT '',
    saved_on      text NOT NULL DEFAULT ''
);

-- Every save ever made, the current one included: the clinic's answer to "who changed this plan?".
-- kind: 'save' (became current), 'conflict' (kept aside: the saver started from an older version or did
-- not hold the plan), 'import' (loaded from a plans folder).
CREATE TABLE plan_versions (
    plan_id   text NOT NULL,
    version   integer NOT NULL CHECK (version > 0),
    kind      text NOT NULL CHECK (kind IN ('save', 'conflict', 'import')),
    based_on  integer,                            -- the version the saver started from (NULL: none)
    document  text NOT NULL,
    saved_at  timestamptz NOT NULL DEFAULT now(),
    saved_by  text NOT NULL,                      -- the user signed in on the PC
    saved_on  text NOT NULL,                      -- the PC's name
    db_user   text NOT NULL DEFAULT current_user,
    resolved_at timestamptz,                      -- a conflict someone has dealt with (NULL: still open)
    PRIMARY KEY (plan_id, version)
);
CREATE INDEX plan_versions_conflicts ON plan_versions (plan_id, version) WHERE kind = 'conflict' AND resolved_at IS NULL;

-- "Open for editing": one row per plan someone is editing. The holder renews heartbeat_at every minute; a
-- row not renewed for a few minutes is from a crashed or disconnected PC and may be taken.
CREATE TABLE plan_claims (
    plan_id      text PRIMARY KEY,
    token        text NOT NULL,
    held_by      text NOT NULL,
    held_on      text NOT NULL,
    pid          integer NOT NULL DEFAULT 0,
    claimed_at   timestamptz NOT NULL DEFAULT now(),
    heartbeat_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX plans_search_trgm ON plans USING gin (search_text gin_trgm_ops);
CREATE INDEX plans_modified ON plans (modified DESC);
CREATE INDEX plans_chart_number ON plans (chart_number) WHERE chart_number <> '';
