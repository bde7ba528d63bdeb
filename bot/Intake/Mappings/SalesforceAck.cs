namespace LeadBot.Intake.Mappings;

/// <summary>
/// The answer Salesforce Outbound Messaging waits for: a SOAP <c>notificationsResponse</c> with <c>Ack</c> true, which
/// acknowledges every notification in the message. Without it Salesforce keeps re-sending the message (for up to 24 hours).
/// </summary>
public static class SalesforceAck
{
    public const string Body =
        """<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack></notificationsResponse></soapenv:Body></soapenv:Envelope>""";

    public static IResult Result() => TypedResults.Text(Body, "text/xml; charset=utf-8");
}
