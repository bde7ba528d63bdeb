using LeadBot.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LeadBot.Tests.Access;

/// <summary>
/// HSTS: outside Development an https answer tells browsers to use https only from then on; plain http answers, localhost
/// and Development never carry it (a developer's browser would refuse http://localhost for every project for a month).
/// </summary>
public sealed class StrictTransportSecurityTests
{
    [Theory]
    [InlineData("Production", "https://leadbot.contoso.com", true)]
    [InlineData("Staging", "https://leadbot.contoso.com", true)]
    [InlineData("Production", "http://leadbot.contoso.com", false)]
    [InlineData("Production", "https://localhost", false)]
    [InlineData("Development", "https://leadbot.contoso.com", false)]
    public async Task Hsts_OnHttpsAnswers_OutsideDevelopmentOnly(string environment, string address, bool expected)
    {
        using var app = new LeadBotApp();
        using var inEnvironment = app.WithWebHostBuilder(b => b.UseEnvironment(environment));
        using var client = inEnvironment.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(address), AllowAutoRedirect = false });

        // Anonymous pages too: the header protects the next visit, whoever makes it.
        var health = await client.GetAsync("/healthz");
        var terms = await client.GetAsync("/terms");

        foreach (var response in new[] { health, terms })
        {
            Assert.Equal(expected, response.Headers.Contains("Strict-Transport-Security"));
            if (expected) Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        }
    }
}
