using Npgsql;

namespace LeadBot.Storage.Postgres;

/// <summary>
/// The PostgreSQL layout, migrated forward on start. Each step runs in its own transaction and is recorded in
/// <c>schema_version</c>; a session advisory lock makes instances that start together take turns instead of racing
/// to create the same tables. Append steps; never edit one that has shipped.
/// </summary>
internal static class PostgresSchema
{
    /// <param name="Then">Work in C# after the SQL, in the same transaction (folding existing rows into a new layout).</param>
    internal sealed record Migration(int Version, string Description, string Sql, Action<NpgsqlConnection>? Then = null);

    internal static readonly Migration[] Migrations =
    [
        new(1, "leads, events, outbox, keyed documents, replay marks", """
            CREATE TABLE leads (
                id          text PRIMARY KEY,
                key         text NOT NULL CONSTRAINT leads_key_unique UNIQUE,
                state       text NOT NULL,
                team        text,
                owner       text,
                offered_to  text,
                received_at timestamptz NOT NULL,
                version     integer NOT NULL,
                json        json NOT NULL
            );
            CREATE INDEX leads_state ON leads (state);
            CREATE INDEX leads_team ON leads (team, state);
            CREATE INDEX leads_owner ON leads (owner, state);
            CREATE INDEX leads_offered_to ON leads (offered_to);
            CREATE INDEX leads_received_at ON leads (received_at);

            CREATE TABLE events (
                seq     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                lead_id text NOT NULL,
                at      timestamptz NOT NULL,
                type    text NOT NULL,
                json    json NOT NULL
            );
            CREATE INDEX events_lead ON events (lead_id, at, seq);
            CREATE INDEX events_at ON events (at);

            CREATE TABLE outbox (
                id          text PRIMARY KEY,
                status      text NOT NULL,
                audience    text NOT NULL,
                due_at      timestamptz NOT NULL,
                created_at  timestamptz NOT NULL,
                lease_owner text,
                lease_until timestamptz,
                json        json NOT NULL
            );
            CREATE INDEX outbox_due ON outbox (due_at) WHERE status = 'Pending';
            CREATE INDEX outbox_status ON outbox (status);

            -- C collation so that "key LIKE 'prefix%'" is answered from the primary key index.
            CREATE TABLE kv (
                bag  text NOT NULL,
                key  text COLLATE "C" NOT NULL,
                json json NOT NULL,
                PRIMARY KEY (bag, key)
            );

            CREATE TABLE once (
                key     text PRIMARY KEY,
                expires timestamptz NOT NULL
            );
            CREATE INDEX once_expires ON once (expires);
            """),
        new(2, "aggregates for reports: counters, comments, waiting leads", """
            -- Counter rows per UTC hour ('h') and per UTC day ('d'); see Aggregates for what is counted.
            CREATE TABLE counters (
                grain    text NOT NULL,
                at       timestamptz NOT NULL,
                team     text NOT NULL,
                source   text NOT NULL,
                campaign text NOT NULL,
                metric   text NOT NULL,
                n        bigint NOT NULL,
                PRIMARY KEY (grain, at, team, source, campaign, metric)
            );

            CREATE TABLE comments (
                seq      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                at       timestamptz NOT NULL,
                team     text NOT NULL,
                source   text NOT NULL,
                campaign text NOT NULL,
                json     json NOT NULL
            );
            CREATE INDEX comments_at ON comments (at);

            ALTER TABLE leads ADD COLUMN waiting_since timestamptz;
            UPDATE leads SET waiting_since = coalesce((json->>'offeredAt')::timestamptz, received_at) WHERE state IN ('offered', 'expired');
            CREATE INDEX leads_waiting ON leads (waiting_since) WHERE waiting_since IS NOT NULL;
            CREATE INDEX leads_team_waiting ON leads (lower(team), waiting_since) WHERE waiting_since IS NOT NULL;
            """, PostgresLeadStore.FoldIntoAggregates),
        new(3, "counter rows split into slots, so concurrent changes do not queue for one row", """
            -- Every claim bumps the same hour and day rows of its team, source and campaign; one row each made concurrent
            -- claims wait for each other's commit (row lock until the WAL flush). Reads sum the slots like the hours.
            ALTER TABLE counters ADD COLUMN slot smallint NOT NULL DEFAULT 0;
            ALTER TABLE counters DROP CONSTRAINT counters_pkey;
            ALTER TABLE counters ADD PRIMARY KEY (grain, at, team, source, campaign, metric, slot);
            """),
        new(4, "dispatcher heartbeats, so a dead instance's leases come back in seconds", """
            CREATE TABLE outbox_workers (
                worker      text PRIMARY KEY,
                beat_at     timestamptz NOT NULL
            );
            CREATE INDEX outbox_leased ON outbox (lease_owner) WHERE lease_owner IS NOT NULL AND status = 'Pending';
            """),
        new(5, "pending messages by audience, so the dispatcher takes a few of each destination without reading a busy one's backlog", """
            CREATE INDEX outbox_pending_audience ON outbox (audience, due_at, id) WHERE status = 'Pending';
            """),
    ];

    public static int Latest => Migrations[^1].Version;

    /// <summary>Brings the schema named first in the connection's search path up to <see cref="Latest"/>; returns the version it is at.</summary>
    public static int Migrate(NpgsqlConnection connection)
    {
        // Keyed by schema so that test databases holding one schema per test migrate in parallel.
        Execute(connection, "SELECT pg_advisory_lock(hashtextextended('leadbot-schema:' || current_schema(), 0))");
        try
        {
            Execute(connection, """
                CREATE TABLE IF NOT EXISTS schema_version (
                    version     integer PRIMARY KEY,
                    description text NOT NULL,
                    applied_at  timestamptz NOT NULL DEFAULT now()
                )
                """);
            var current = Current(connection);
            foreach (var step in Migrations.Where(m => m.Version > current))
            {
                using var tx = connection.BeginTransaction();
                Execute(connection, step.Sql);
                step.Then?.Invoke(connection);
                using (var record = new NpgsqlCommand("INSERT INTO schema_version (version, description) VALUES (@v, @d)", connection))
                {
                    record.Parameters.AddWithValue("v", step.Version);
                    record.Parameters.AddWithValue("d", step.Description);
                    record.ExecuteNonQuery();
                }
                tx.Commit();
                current = step.Version;
            }
            // A newer instance may have migrated further during a rolling deploy; report what is there.
            return current;
        }
        finally
        {
            if (connection.State == System.Data.ConnectionState.Open)
                Execute(connection, "SELECT pg_advisory_unlock(hashtextextended('leadbot-schema:' || current_schema(), 0))");
        }
    }

    public static int Current(NpgsqlConnection connection)
    {
        using var cmd = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM schema_version", connection);
        return (int)cmd.ExecuteScalar()!;
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, connection);
        cmd.ExecuteNonQuery();
    }
}
