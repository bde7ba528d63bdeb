namespace LeadBot.Handoff.Delivery;

/// <summary>
/// When this process last took back messages that a stopped dispatcher had leased (a crash: IOutboxLeases). The platform
/// still counts what the stopped process sent in its last seconds, so the channel clients pace more carefully for a while
/// after it instead of spending their burst allowance on windows that are already full.
/// </summary>
public sealed class DeliveryRecovery
{
    private long _tookBackTicks = long.MinValue;

    public void TookBack(DateTimeOffset at) => Interlocked.Exchange(ref _tookBackTicks, at.UtcTicks);

    /// <summary>True when messages were taken back less than <paramref name="within"/> before <paramref name="now"/>.</summary>
    public bool Recent(DateTimeOffset now, TimeSpan within)
    {
        var at = Interlocked.Read(ref _tookBackTicks);
        return at != long.MinValue && now.UtcTicks - at < within.Ticks;
    }
}
