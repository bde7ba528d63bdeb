using System.Globalization;
using LeadBot.Cards;
using ScottPlot;

namespace LeadBot.Insights;

/// <summary>
/// The two pictures that say more than numbers: how far leads get (funnel) and why sales turns them down (reasons).
/// PNG bytes from ScottPlot; small and plain so they stay legible inside a chat card.
/// </summary>
public static class Charts
{
    public const string Funnel = "funnel";
    public const string Reasons = "reasons";
    public static readonly IReadOnlyList<string> Names = [Funnel, Reasons];

    private const int Width = 560, CompactWidth = 360;
    private static readonly Color Main = Color.FromHex("#2563eb");
    private static readonly Color Muted = Color.FromHex("#94a3b8");
    private static readonly Color Warn = Color.FromHex("#ea580c");
    // One lock: ScottPlot's font cache is shared, and rendering is quick enough that queueing is cheaper than contention.
    private static readonly Lock Gate = new();

    /// <param name="compact">
    /// The small version for inside a chat card that carries it inline (a data URI must leave room for the rest of the card): narrower,
    /// smaller type, no title (the card has one) and no value axis (each bar carries its number).
    /// </param>
    public static byte[] FunnelPng(StageCounts stages, string title, bool compact = false)
    {
        var rows = stages.InOrder.Select(s => (s.Label, (double)s.Count, s.Stage is "lost" or "rejected" or "expired" or "nurture" ? Muted : Main)).ToList();
        return HorizontalBars(rows, title, 14, compact);
    }

    public static byte[] ReasonsPng(IReadOnlyList<ReasonCount> reasons, string title, bool compact = false)
    {
        var rows = reasons.Take(8).Select(r => (RejectionReasons.Label(r.ReasonCode), (double)r.Count, Warn)).ToList();
        if (rows.Count == 0) rows.Add(("No rejections", 0d, Muted));
        return HorizontalBars(rows, title, compact ? 24 : 34, compact);
    }

    public static string FunnelAltText(StageCounts s) =>
        string.Join(", ", s.InOrder.Select(x => $"{x.Label} {x.Count.ToString(CultureInfo.InvariantCulture)}"));

    public static string ReasonsAltText(IReadOnlyList<ReasonCount> reasons) => reasons.Count == 0
        ? "No rejections"
        : string.Join(", ", reasons.Select(r => $"{RejectionReasons.Label(r.ReasonCode)} {r.Count.ToString(CultureInfo.InvariantCulture)}"));

    private static byte[] HorizontalBars(IReadOnlyList<(string Label, double Value, Color Color)> rows, string title, int labelMax, bool compact)
    {
        var fontSize = compact ? 10 : 12;
        lock (Gate)
        {
            var plot = new Plot();
            plot.Font.Set("DejaVu Sans");
            var n = rows.Count;
            var bars = rows.Select((r, i) => new Bar
            {
                Position = n - 1 - i, Value = r.Value, Label = r.Value.ToString("0", CultureInfo.InvariantCulture),
                FillColor = r.Color, LineWidth = 0, Size = 0.72,
            }).ToList();
            var series = plot.Add.Bars(bars);
            series.Horizontal = true;
            series.ValueLabelStyle.FontSize = fontSize;
            series.ValueLabelStyle.FontName = "DejaVu Sans";
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                Enumerable.Range(0, n).Select(i => (double)(n - 1 - i)).ToArray(), rows.Select(r => Shorten(r.Label, labelMax)).ToArray());
            plot.Axes.Left.MajorTickStyle.Length = 0;
            plot.Axes.Left.TickLabelStyle.FontSize = fontSize;
            plot.Axes.Bottom.TickLabelStyle.FontSize = 11;
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
            var max = rows.Max(r => r.Value);
            plot.Axes.SetLimitsX(0, Math.Max(1, max) * 1.15);
            plot.Axes.SetLimitsY(-0.6, n - 0.4);
            plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
            plot.Axes.Top.FrameLineStyle.Width = 0;
            plot.Axes.Right.FrameLineStyle.Width = 0;
            if (compact)
            {
                plot.Axes.Bottom.IsVisible = false;
                plot.Axes.Bottom.FrameLineStyle.Width = 0;
                plot.Grid.IsVisible = false;
                return plot.GetImageBytes(CompactWidth, 16 + 16 * n, ImageFormat.Png);
            }
            plot.Title(Shorten(title, 60), size: 14);
            return plot.GetImageBytes(Width, 90 + 24 * n, ImageFormat.Png);
        }
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
