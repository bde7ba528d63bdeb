namespace LeadBot.Cards;

/// <summary>Teams <c>Action.Execute</c> verbs, shared by the card builders and the Teams router so they cannot drift apart.</summary>
public static class CardVerbs
{
    public const string Accept = "accept";
    public const string Reject = "reject";
    public const string Outcome = "outcome";
    public const string Refresh = "refresh";
    /// <summary>Approve / Decline on a proposal card (data: <see cref="CardData.ProposalId"/>; decline also the comment input).</summary>
    public const string ApproveProposal = "proposal-approve";
    public const string DeclineProposal = "proposal-decline";
}

/// <summary>Keys of the <c>data</c> object and input ids an <c>Action.Execute</c> invoke carries back to the bot.</summary>
public static class CardData
{
    public const string LeadId = "leadId";
    public const string Outcome = "outcome";
    /// <summary>Input.ChoiceSet id; its value is a <see cref="RejectionReasons"/> code.</summary>
    public const string Reason = "reason";
    /// <summary>Input.Text id of the rejection comment, and of a decline's comment on a proposal card.</summary>
    public const string Comment = "comment";
    public const string ProposalId = "proposalId";
}

/// <summary>Slack action, block and callback ids (as in tests/Reference/slack/samples), shared with the Slack router.</summary>
public static class SlackIds
{
    public const string ActionAccept = "lead_accept";
    public const string ActionReject = "lead_reject";
    /// <summary>Prefix of the outcome buttons' action ids: Slack needs a unique action_id per button in a block, so each is "lead_outcome:&lt;code&gt;".</summary>
    public const string ActionOutcome = "lead_outcome";
    public const string RejectModalCallback = "lead_reject_modal";
    public const string ReasonBlock = "reject_reason_block";
    public const string ReasonAction = "reject_reason";
    public const string CommentBlock = "reject_feedback_block";
    public const string CommentAction = "reject_feedback";
    public const string HomeCallback = "lead_home";

    /// <summary>Proposal card buttons; their value is the proposal id. Decline opens <see cref="DeclineModalCallback"/> for the comment.</summary>
    public const string ActionApproveProposal = "proposal_approve";
    public const string ActionDeclineProposal = "proposal_decline";
    public const string DeclineModalCallback = "proposal_decline_modal";
    public const string DeclineCommentBlock = "decline_comment_block";
    public const string DeclineCommentAction = "decline_comment";
    public const string ProposalActionsBlock = "proposal_actions";

    public const string HeaderBlock = "lead_header";
    public const string SummaryBlock = "lead_summary";
    public const string WhyBlock = "lead_why";
    public const string ContactBlock = "lead_contact";
    public const string ContextBlock = "lead_context";
    public const string StatusBlock = "lead_status";
    public const string RejectContextBlock = "reject_context";

    /// <summary>Actions block id; carries the lead id like the reference sample ("lead_actions|LEAD-2024-00042").</summary>
    public static string ActionsBlock(string leadId) => "lead_actions|" + leadId;

    /// <summary>Outcome buttons block id ("lead_outcomes|&lt;leadId&gt;").</summary>
    public static string OutcomesBlock(string leadId) => "lead_outcomes|" + leadId;

    public static string OutcomeAction(string outcomeCode) => ActionOutcome + ":" + outcomeCode;

    /// <summary>Reads the outcome code from an outcome button's action_id; false for any other action.</summary>
    public static bool TryParseOutcomeAction(string actionId, out string outcomeCode)
    {
        const string prefix = ActionOutcome + ":";
        outcomeCode = actionId is not null && actionId.StartsWith(prefix, StringComparison.Ordinal) ? actionId[prefix.Length..] : "";
        return Outcomes.IsValid(outcomeCode);
    }
}
