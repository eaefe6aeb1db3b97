namespace Poet.PostgreSql.Schema;

/// <summary>
/// The schema, as numbered migrations. Never edit a shipped migration: add the next one. Everything lives in the
/// <c>poet</c> schema; <c>poet.migrations</c> records which migrations ran.
/// </summary>
internal static class Migrations
{
    /// <summary>The migrations in order; index + 1 is the number.</summary>
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "functions, versions, history, executions (partitioned by id = by day), feedback", """
            CREATE TABLE poet.functions (
                function_id     text PRIMARY KEY,
                current_version integer NOT NULL,
                revision        bigint NOT NULL,
                updated_at      timestamptz NOT NULL DEFAULT now()
            );

            CREATE TABLE poet.versions (
                function_id text NOT NULL REFERENCES poet.functions (function_id),
                version     integer NOT NULL,
                parent      integer,
                created_at  timestamptz NOT NULL,
                metadata    jsonb NOT NULL,
                plan        jsonb NOT NULL,
                train_spec  jsonb NOT NULL,
                PRIMARY KEY (function_id, version)
            );

            CREATE TABLE poet.history (
                id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                function_id text NOT NULL REFERENCES poet.functions (function_id),
                at          timestamptz NOT NULL DEFAULT now(),
                kind        text NOT NULL,
                version     integer NOT NULL,
                previous    integer,
                reason      jsonb NOT NULL
            );
            CREATE INDEX history_function ON poet.history (function_id, id);

            -- The execution id (a ULID: 48-bit millisecond time, 80 random bits) as a uuid, so ids sort by time and
            -- one range partition per UTC day holds that day's executions; retention drops whole partitions.
            CREATE TABLE poet.executions (
                id          uuid NOT NULL,
                function_id text NOT NULL,
                version     integer NOT NULL,
                started_at  timestamptz NOT NULL,
                outcome     text NOT NULL,
                duration_ms double precision NOT NULL,
                record      json NOT NULL,
                PRIMARY KEY (id)
            ) PARTITION BY RANGE (id);

            CREATE TABLE poet.feedback (
                id               text PRIMARY KEY,
                execution_id     text NOT NULL,
                function_id      text NOT NULL,
                received_at      timestamptz NOT NULL,
                raw              text NOT NULL,
                raw_truncated    boolean NOT NULL,
                raw_size         bigint NOT NULL,
                normalized       jsonb,
                signal           jsonb,
                produced_version integer,
                changes          jsonb NOT NULL
            );
            CREATE INDEX feedback_function ON poet.feedback (function_id, received_at, id);
            """),
        new(2, "poet.append_version: a version written in one round trip when the writer's view of the function is current", """
            -- Writes version p_version of p_function (parent = the current version) and makes it current, in the caller's
            -- statement: when the function's revision is still p_revision and p_version is the next number. Otherwise it
            -- returns no row and writes nothing (another process changed the function first: the caller re-reads).
            CREATE FUNCTION poet.append_version(p_function text, p_revision bigint, p_version integer,
                p_created timestamptz, p_metadata jsonb, p_reason jsonb)
            RETURNS TABLE (revision bigint) LANGUAGE plpgsql AS $body$
            DECLARE
                v_revision bigint;
                v_current integer;
                v_latest integer;
            BEGIN
                SELECT f.revision, f.current_version INTO v_revision, v_current
                FROM poet.functions f WHERE f.function_id = p_function FOR UPDATE;
                IF NOT FOUND OR v_revision <> p_revision THEN
                    RETURN;
                END IF;

                SELECT max(v.version) INTO v_latest FROM poet.versions v WHERE v.function_id = p_function;
                IF v_latest + 1 <> p_version THEN
                    RETURN;
                END IF;

                INSERT INTO poet.versions (function_id, version, parent, created_at, metadata, plan, train_spec)
                SELECT v.function_id, p_version, v.version, p_created, p_metadata, v.plan, v.train_spec
                FROM poet.versions v WHERE v.function_id = p_function AND v.version = v_current;
                INSERT INTO poet.history (function_id, kind, version, previous, reason)
                VALUES (p_function, 'version', p_version, v_current, p_reason);
                UPDATE poet.functions f SET current_version = p_version, revision = f.revision + 1, updated_at = now()
                WHERE f.function_id = p_function RETURNING f.revision INTO v_revision;
                PERFORM pg_notify('poet_versions', v_revision || ':' || p_version || ':' || p_function);
                RETURN QUERY SELECT v_revision;
            END
            $body$;
            """),
        new(3, "feedback: why a raw payload was stored cut or marked (the file store's rawTruncatedReason)", """
            -- A nullable column without a default: added to the catalog only, no table rewrite.
            ALTER TABLE poet.feedback ADD COLUMN raw_truncated_reason text;
            """),
        new(4, "executions: the narrow row (id, function id, the record's JSON line as text); a view reads every record as jsonb", """
            -- Catalog changes only (no partition is rewritten; the locks are brief). New rows keep the record's JSON line in
            -- `line` (text: stored as received, where json made the server parse every line again during COPY) and
            -- nothing else beside the id and the function id: the columns that repeated the record's fields are dropped.
            -- Rows written before keep their record in the `json` column `record` until retention drops their partition.
            ALTER TABLE poet.executions ADD COLUMN line text;
            ALTER TABLE poet.executions ALTER COLUMN record DROP NOT NULL;
            ALTER TABLE poet.executions DROP COLUMN version, DROP COLUMN started_at, DROP COLUMN outcome, DROP COLUMN duration_ms;

            -- Every execution as jsonb, whichever column holds it: SELECT record->'result' FROM poet.execution_records ...
            CREATE VIEW poet.execution_records AS
                SELECT id, function_id, coalesce(line, record::text)::jsonb AS record FROM poet.executions;
            """),
    ];

    /// <summary>The newest schema version this code knows.</summary>
    public static int Latest => All[^1].Version;
}

/// <summary>One schema migration.</summary>
/// <param name="Version">Its number (1, 2, ...).</param>
/// <param name="Description">What it adds.</param>
/// <param name="Sql">The statements (run in one transaction with the others of the same start).</param>
internal sealed record Migration(int Version, string Description, string Sql);
