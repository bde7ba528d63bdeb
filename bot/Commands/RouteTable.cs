namespace LeadBot.Commands;

/// <summary>
/// Handlers keyed by name (a chat command, a Teams card verb, a Slack action id): routes are data, looked up, never a
/// switch. A name routed twice throws when the table is built, which happens while the bot starts, so a wiring mistake
/// fails at start-up rather than sending a click to the wrong handler in production.
/// </summary>
public sealed class RouteTable<THandler>
{
    private readonly Dictionary<string, THandler> _routes;

    /// <param name="what">What the table routes, for the start-up error ("Teams card verbs").</param>
    public RouteTable(string what, IEnumerable<(string Name, THandler Handler)> routes, StringComparer? comparer = null)
    {
        _routes = new Dictionary<string, THandler>(comparer ?? StringComparer.Ordinal);
        foreach (var (name, handler) in routes)
        {
            if (!_routes.TryAdd(name, handler))
                throw new InvalidOperationException($"{what}: \"{name}\" is routed twice. Each name must have exactly one handler.");
        }
    }

    public IReadOnlyCollection<string> Names => _routes.Keys;

    public THandler? Find(string? name) => name is not null && _routes.TryGetValue(name, out var handler) ? handler : default;
}
