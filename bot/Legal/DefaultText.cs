namespace LeadBot.Legal;

/// <summary>What /privacy and /terms say until the operator gives their own text: true of every LeadBot, vague about nothing it stores.</summary>
internal static class DefaultText
{
    public static string Privacy(string operatorName) => $"""
        LeadBot is operated by {operatorName}, which decides what it is used for and answers for the data in it.

        # What LeadBot stores
        Leads sent to it by marketing systems: name, business email, phone, title, company details, score, campaign and any notes or attributes the sender includes, with every step of their history (qualified, offered, accepted, rejected with a reason and comment, outcomes).

        People on the configured sales and marketing rosters: name, email, and the Teams or Slack user ids they are recognised by once they use the bot. Conversations the bot is added to: their ids and service addresses, so it can post lead cards there.

        # Where it is kept
        In the operator's own store (a LiteDB file or a PostgreSQL database) on infrastructure the operator chooses. LeadBot sends lead cards to Microsoft Teams or Slack as configured, and telemetry (request traces and counts, no lead contents) only to an endpoint the operator sets. Nothing goes to the authors of LeadBot.

        # Your rights
        Ask the operator to see, export or erase the data held about you, or to stop its use; contact them through your organisation or the contact they publish.
        """;

    public static string Terms(string operatorName) => $"""
        LeadBot is provided to you by {operatorName} for handling sales leads within your organisation.

        # Use
        Use LeadBot for the leads it offers you and the reports your role allows. Do not copy lead contact details out of it for purposes other than following up the lead, and keep rejection comments factual: marketing reads them verbatim.

        # No warranty
        LeadBot is open-source software provided as is. The operator configures and runs it; questions about availability, routing rules or your access go to them.
        """;
}
