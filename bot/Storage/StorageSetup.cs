namespace LeadBot.Storage;

public static class StorageSetup
{
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration("Storage")
            .Validate(o => o.Provider.Equals("LiteDB", StringComparison.OrdinalIgnoreCase), "Storage:Provider must be LiteDB (PostgreSQL is not built yet).")
            .ValidateOnStart();
        builder.Services.AddSingleton<ILeadStore>(sp =>
            new LiteDbLeadStore(builder.Configuration.GetConnectionString("LeadBot") is { Length: > 0 } cs ? cs : StorageOptions.DefaultConnectionString));
        return builder;
    }
}
