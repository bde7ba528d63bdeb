namespace LeadBot.Intake;

public static class IntakeSetup
{
    /// <summary>Taking leads in: the intake options and the step that qualifies, routes, offers and stores them.</summary>
    public static IHostApplicationBuilder AddIntake(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IntakeOptions>().BindConfiguration(IntakeOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<IntakeOptions>, Mappings.MappingsValidator>();
        builder.Services.AddSingleton<LeadIntake>();
        return builder;
    }
}
