namespace LeadBot.Tests.Support;

/// <summary>
/// The official schemas, recorded payloads and vectors the protocol tests check against, kept in the checkout under
/// tests/Reference (tests/Reference/README.md says where each file came from), so a clone tests itself.
/// </summary>
public static class ReferenceFiles
{
    public static string Root { get; } = Find();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(PathOf(parts));

    private static string Find()
    {
        var root = Path.Combine(BotProcess.RepositoryRoot(), "tests", "Reference");
        return Directory.Exists(root) ? root : throw new DirectoryNotFoundException(root + " is missing; the protocol tests read their reference files from it.");
    }
}
