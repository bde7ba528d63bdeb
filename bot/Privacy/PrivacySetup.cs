using LeadBot.Storage;
using Microsoft.Extensions.Options;

namespace LeadBot.Privacy;

public static class PrivacySetup
{
    /// <summary>Erasure, export, retention and compaction; the store's personal-data side comes from the store itself.</summary>
    public static IHostApplicationBuilder AddPrivacy(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PrivacyOptions>().BindConfiguration(PrivacyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PrivacyOptions>, PrivacyOptionsValidator>();
        services.AddSingleton(sp => (IPersonalDataStore)sp.GetRequiredService<ILeadStore>());
        services.AddSingleton<PrivacyAudit>();
        services.AddSingleton<Compaction>();
        services.AddSingleton<Eraser>();
        services.AddSingleton<Retention>();
        services.AddSingleton<PrivacyLoop>();
        services.AddHostedService(sp => sp.GetRequiredService<PrivacyLoop>());
        return builder;
    }
}
