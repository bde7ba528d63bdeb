using System.Net;
using System.Text;
using System.Xml.Linq;
using LeadBot.Tests.Support;
using Microsoft.Extensions.Options;

namespace LeadBot.Tests.Intake;

/// <summary>An API key's own intake mapping (Intake:ApiKeys:N:Mapping), for systems that cannot add ?mapping= to their URL.</summary>
public sealed class KeyMappingTests
{
    private const string SalesforceKey = "salesforce-outbound-key-0123";
    private static readonly string Samples = Path.Combine(BotProcess.RepositoryRoot(), "tests", "Intake", "Samples");

    private static Dictionary<string, string?> KeyWithMapping(string mapping) => new()
    {
        ["Intake:ApiKeys:1:Key"] = SalesforceKey, ["Intake:ApiKeys:1:Scopes:0"] = "intake", ["Intake:ApiKeys:1:Mapping"] = mapping,
    };

    private static Task<HttpResponseMessage> Post(LeadBotApp app, string key, string path, string body, string type)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client.PostAsync(path, new StringContent(body, Encoding.UTF8, type));
    }

    [Fact]
    public async Task AKeysMapping_ReadsItsPosts_UnlessTheRequestNamesAnother()
    {
        using var app = new LeadBotApp(KeyWithMapping("salesforce"));
        var soap = File.ReadAllText(Path.Combine(Samples, "salesforce-outbound-lead.xml"));

        var mapped = await Post(app, SalesforceKey, "/api/leads", soap, "text/xml");
        var otherKey = await Post(app, LeadBotApp.ApiKey, "/api/leads", soap, "text/xml");
        var native = await Post(app, SalesforceKey, "/api/leads?mapping=native",
            System.Text.Json.JsonSerializer.Serialize(SampleLeads.Emea("key-native-1")), "application/json");

        Assert.Equal(HttpStatusCode.OK, mapped.StatusCode);
        XNamespace outbound = "http://soap.sforce.com/2005/09/outbound";
        Assert.Equal("true", XDocument.Parse(await mapped.Content.ReadAsStringAsync()).Descendants(outbound + "Ack").Single().Value);
        Assert.NotNull(app.Store.FindByKey("salesforce", "00Q5g00000Ing01EAA"));
        // The mapping belongs to the key: the same body with another key is read as LeadBot's own shape, which XML is not.
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, otherKey.StatusCode);
        Assert.Equal(HttpStatusCode.Created, native.StatusCode);
        Assert.NotNull(app.Store.FindByKey("hubspot", "key-native-1"));
    }

    [Fact]
    public void AKeyNamingAMappingThatDoesNotExist_StopsTheBotNamingTheKey()
    {
        using var app = new LeadBotApp(KeyWithMapping("salesforse"));

        var error = app.FailsToStart<OptionsValidationException>();

        Assert.Contains("Intake:ApiKeys:1:Mapping is 'salesforse', which is not a mapping", error.Message);
    }

    [Fact]
    public void AMappingCalledNative_IsRefused()
    {
        using var app = new LeadBotApp(new() { ["Intake:Mappings:native:Preset"] = "hubspot" });

        var error = app.FailsToStart<OptionsValidationException>();

        Assert.Contains("Intake:Mappings:native", error.Message);
    }
}
