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
    ];

    /// <summary>The newest schema version this code knows.</summary>
    public static int Latest => All[^1].Version;
}

/// <summary>One schema migration.</summary>
/// <param name="Version">Its number (1, 2, ...).</param>
/// <param name="Description">What it adds.</param>
/// <param name="Sql">The statements (run in one transaction with the others of the same start).</param>
internal sealed record Migration(int Version, string Description, string Sql);
