using LeadBot.Channels;
using LeadBot.Insights;

namespace LeadBot.Commands;

public static class CommandsSetup
{
    /// <summary>Chat commands and the channel-neutral pieces both platforms share.</summary>
    public static IHostApplicationBuilder AddChatCommands(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CardOptions>().BindConfiguration(CardOptions.Section);
        builder.Services.AddSingleton<CardViews>();
        builder.Services.AddSingleton<CardSteps>();
        builder.Services.AddSingleton<Subscriptions>();
        builder.Services.AddSingleton<Deliveries>();
        builder.Services.AddSingleton<DeliveryViews>();
        builder.Services.AddSingleton<ChatDeliveryKit>();
        builder.Services.AddSingleton<PipelineReport>();
        builder.Services.AddSingleton<FeedbackReport>();
        builder.Services.AddSingleton<AgreementCommands>();
        builder.Services.AddSingleton<ChatCommands>();
        return builder;
    }
}
