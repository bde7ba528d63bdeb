using System.Net;
using System.Text;
using LeadBot.Handoff.Delivery;
using LeadBot.Storage;
using Microsoft.Extensions.Options;

namespace LeadBot.Webhooks;

/// <summary>
/// Sends webhook outbox messages: one signed POST per message. The dispatcher gives each receiver its own lane (its
/// URL is the audience), so a slow or dead receiver holds only its own messages. Answers decide what happens next:
/// 2xx sent; 429 waits as Retry-After says; 5xx, 408 and timeouts retry with backoff until Delivery:MaxAttempts, then
/// park; any other answer parks at once (retrying a 401 or 404 cannot help until someone fixes the receiver).
/// </summary>
public sealed class WebhookDelivery(
    IHttpClientFactory http, IOptionsMonitor<WebhookOptions> options, ILeadStore store, TimeProvider clock, ILogger<WebhookDelivery> log)
    : IChannelDelivery
{
    public const string HttpClientName = "webhooks";

    /// <summary>Used when a 429 names no Retry-After.</summary>
    internal static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(30);

    public string Platform => "webhooks";

    public string? OwnsAudience => WebhookMessages.AudiencePrefix;

    public async Task<DeliveryResult> DeliverAsync(OutboxMessage message, CancellationToken ct)
    {
        var url = message.Audience[WebhookMessages.AudiencePrefix.Length..];
        var endpoint = options.CurrentValue.Find(url)
            ?? throw new DeliveryException($"webhook {url} is no longer in the Webhooks configuration", permanent: true);
        var body = message.Payload ?? throw new DeliveryException($"webhook message {message.Id} has no body", permanent: true);
        var sent = StoreJson.Read<WebhookEvent>(body);
        var type = sent.Type;
        // Erasure drops a lead's unsent messages; one already taken when it ran is caught here (lead.erased itself still goes).
        if (type != WebhookEventTypes.Erased && message.LeadId is { } leadId && store.Find(leadId) is { } lead && WebhookMessages.IsErased(lead))
        {
            log.LogInformation("Webhook {Message} not sent: lead {Lead} was erased after it was written", message.Id, leadId);
            return new DeliveryResult(0, 0, false);
        }

        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookSignature.EventIdHeader, sent.Id);
        request.Headers.Add(WebhookSignature.EventTypeHeader, type);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(endpoint.Secret, timestamp, body));

        using var timeout = new CancellationTokenSource(endpoint.Timeout, clock);
        using var both = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        HttpResponseMessage response;
        try
        {
            response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, both.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new DeliveryException($"webhook {url}: no answer within {endpoint.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            throw new DeliveryException($"webhook {url}: {e.Message}", inner: e);
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode) return new DeliveryResult(1, 0, false);
            var said = $"webhook {url} answered {status} {response.ReasonPhrase}";
            if (response.StatusCode == HttpStatusCode.TooManyRequests) throw new DeliveryException(said, RetryAfter(response) ?? DefaultRetryAfter);
            if (status >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout) throw new DeliveryException(said);
            throw new DeliveryException(said + "; fix the receiver or the Webhooks configuration, then POST /api/outbox/retry", permanent: true);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - clock.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };
}
