using LeadBot.Leads;
using Npgsql;

namespace LeadBot.Storage.Postgres;

public sealed partial class PostgresLeadStore
{
    public LeadPage ScanLeads(LeadState state, string? after, int max, Func<string, int, bool>? skip = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        return Read(c =>
        {
            using var cmd = new NpgsqlCommand("SELECT id, version, json FROM leads WHERE state = @state AND id > @after ORDER BY id LIMIT @max", c);
            cmd.Parameters.AddWithValue("state", state.Name());
            cmd.Parameters.AddWithValue("after", after ?? "");
            cmd.Parameters.AddWithValue("max", max);
            using var reader = cmd.ExecuteReader();
            var leads = new List<Lead>();
            string? last = null;
            var examined = 0;
            while (reader.Read())
            {
                examined++;
                last = reader.GetString(0);
                // The text arrives anyway; what a skip saves is parsing it.
                if (skip is null || !skip(last, reader.GetInt32(1))) leads.Add(StoreJson.Read<Lead>(reader.GetString(2)));
            }
            return new LeadPage(leads, examined == max ? last : null);
        });
    }
}
