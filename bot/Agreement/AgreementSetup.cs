using LeadBot.Storage;
using Microsoft.Extensions.Options;

namespace LeadBot.Agreement;

public static class AgreementSetup
{
    /// <summary>The marketing–sales agreement: versions, review, proposals and their approval, the scorecard.</summary>
    public static IHostApplicationBuilder AddAgreement(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AgreementOptions>().BindConfiguration(AgreementOptions.Section).ValidateOnStart();
        services.AddOptions<CriteriaReviewOptions>().BindConfiguration(CriteriaReviewOptions.Section).ValidateOnStart();
        services.AddSingleton<AgreementOptionsValidator>();
        services.AddSingleton<IValidateOptions<AgreementOptions>>(sp => sp.GetRequiredService<AgreementOptionsValidator>());
        services.AddSingleton<IValidateOptions<CriteriaReviewOptions>>(sp => sp.GetRequiredService<AgreementOptionsValidator>());
        // Both stores implement it beside their bags; a store that did not would fail here, at start, by name.
        services.AddSingleton(sp => sp.GetRequiredService<ILeadStore>() as IAtomicDocuments
            ?? throw new InvalidOperationException($"The store {sp.GetRequiredService<ILeadStore>().GetType().Name} cannot keep the agreement (no IAtomicDocuments)."));
        services.AddSingleton<Agreements>();
        services.AddSingleton<CriteriaReview>();
        services.AddSingleton<ProposalNotices>();
        services.AddSingleton<Proposals>();
        services.AddSingleton<Scorecard>();
        services.AddSingleton<ReviewDigest>();
        services.AddHostedService<ReviewLoop>();
        services.AddHostedService<AgreementStart>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAgreement(this IEndpointRouteBuilder app)
    {
        app.MapAgreementApi();
        return app;
    }
}

/// <summary>
/// Seeds version 1 at start (so the first lead does not pay for it) and says when configuration has moved away from
/// the agreement in force: such a change is not applied, because only both sides together change the agreement.
/// </summary>
internal sealed class AgreementStart(ILeadStore store, Agreements agreements, ILogger<AgreementStart> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // An unreachable store is reported by the store's own start-up check; the first lead seeds the agreement instead.
        if (store.Probe() is not null) return Task.CompletedTask;
        var current = agreements.Current;
        log.LogInformation("Marketing–sales agreement in force: v{Version} ({Change})", current.Version, current.Change);
        foreach (var drift in agreements.Drift())
        {
            log.LogWarning("Configuration changed after the agreement was made: {Drift}. Not applied: the agreement changes only " +
                "through a proposal both sides approve (`criteria propose …` in chat or POST /api/criteria/proposals); " +
                "GET /api/criteria shows the terms in force.", drift);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
