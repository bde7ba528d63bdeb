namespace LeadBot.Storage;

public sealed partial class LiteDbLeadStore : IOutboxLeases
{
    private readonly HashSet<string> _beating = new(StringComparer.Ordinal);

    /// <remarks>
    /// One process owns a LiteDB file (a lock file refuses a second direct-mode opener; a shared file is for readers, not
    /// for a second bot), so a lease held by anyone but a worker of this process was held by a process that is gone. The
    /// first beat of each worker takes them back, reading the pending messages once; later beats cost nothing.
    /// </remarks>
    public int Heartbeat(string worker, DateTimeOffset now, TimeSpan deadAfter) => InTransaction(() =>
    {
        if (!_beating.Add(worker)) return 0;
        var orphaned = PendingAudiences()
            .SelectMany(a => PendingIn(a.Audience, DateTimeOffset.MaxValue, int.MaxValue))
            .Where(m => m.LeaseOwner is { } owner && !_beating.Contains(owner) && m.LeaseUntil > now)
            .ToList();
        foreach (var m in orphaned)
        {
            if (_outbox.FindById(m.Id) is { } doc) UpdateOutbox(doc, m with { LeaseOwner = null, LeaseUntil = null });
        }
        return orphaned.Count;
    });
}
