using System.Text;
using System.Text.Json.Nodes;
using LeadBot.Cards;
using LeadBot.Insights;

namespace LeadBot.Channels.Teams;

/// <summary>
/// Teams shows data URIs inline, which needs no public URL at all: a report's chart goes inside the card when the card
/// still fits, and stays a signed URL (none without Bot:PublicBaseUrl) otherwise. Slack fetches images by URL only.
/// </summary>
public static class TeamsCharts
{
    /// <summary>Beyond this size the card (28 KB in all) would not fit.</summary>
    public const int MaxDataUriLength = 16_000;

    /// <summary>What a Teams card may weigh with its chart inline: 28 KB less room for the activity around it.</summary>
    public const int MaxInlineCardBytes = 26 * 1024;

    public static PipelineView Inline(PipelineView view) =>
        Inline(view, uri => view with { ChartImageUrl = uri }, AdaptiveCards.Pipeline,
            Charts.FunnelPng(view.Stages, $"{view.TeamName} · {view.PeriodLabel}", compact: true));

    public static FeedbackView Inline(FeedbackView view) =>
        Inline(view, uri => view with { ChartImageUrl = uri }, AdaptiveCards.Feedback,
            Charts.ReasonsPng(view.Reasons ?? [], $"Rejection reasons · {view.ScopeLabel} · {view.PeriodLabel}", compact: true));

    public static string? DataUri(byte[] png)
    {
        var uri = "data:image/png;base64," + Convert.ToBase64String(png);
        return uri.Length <= MaxDataUriLength ? uri : null;
    }

    /// <summary>The view with its chart inline when the card stays under <see cref="MaxInlineCardBytes"/>, else as it was.</summary>
    public static T Inline<T>(T withUrl, Func<string, T> withImage, Func<T, JsonObject> card, byte[] compactPng) where T : class
    {
        if (DataUri(compactPng) is not { } uri) return withUrl;
        var inline = withImage(uri);
        return Encoding.UTF8.GetByteCount(card(inline).ToJsonString()) <= MaxInlineCardBytes ? inline : withUrl;
    }
}
