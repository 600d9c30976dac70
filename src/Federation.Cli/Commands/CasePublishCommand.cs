using System.CommandLine;
using Federation.Contracts.V1;
using Spectre.Console;

namespace Federation.Cli.Commands;

/// <summary>
/// fedctl case publish CASE [--remediation-category …] [--remediation TEXT] [--participant]: the origin publishes the
/// case's CSAF advisory; with --participant, a participant publishes its own advisory of a partner's case, referencing the origin's.
/// </summary>
internal sealed class CasePublishCommand
{
    public static Command Create(CliContext context)
    {
        var id = CliArguments.Case();
        var category = new Option<string>("--remediation-category")
        {
            DefaultValueFactory = _ => "none-available",
            Description = $"What users can do: {WireText.Choices<RemediationCategory>()} (default none-available).",
        };
        var details = new Option<string>("--remediation")
        {
            Description = "Public remediation text for the advisory, e.g. \"Update to 2.1.\" (default: a short sentence for the category).",
        };
        var participant = new Option<bool>("--participant")
        {
            Description = "For a partner's case: publish this node's own advisory, referencing the origin's; only once the origin's publication instant has come.",
        };
        var command = new Command("publish",
            "Publish the case's CSAF 2.0 advisory (TLP:CLEAR) and signal every participant; only once no embargo binds it (none, lifted or broken). "
            + "Publishing a published case again is a correction: a new revision.") { id, category, details, participant };
        command.SetAction(context, async (parse, ct) =>
        {
            var text = parse.GetValue(category);
            var request = new PublishCaseRequest
            {
                FederationCaseId = parse.GetRequiredValue(id),
                RemediationCategory = WireText.TryParse<RemediationCategory>(text, out var known)
                    ? known
                    : throw CliException.Usage($"--remediation-category '{text}' is not a remediation category: use {WireText.Choices<RemediationCategory>()}.", "--remediation-category"),
                RemediationDetails = parse.GetValue(details) ?? string.Empty,
            };
            var asParticipant = parse.GetValue(participant);
            var publications = context.Client(parse).Publications;
            var advisory = asParticipant
                ? await publications.PublishParticipantAdvisoryAsync(new PublishParticipantAdvisoryRequest
                {
                    FederationCaseId = request.FederationCaseId, RemediationCategory = request.RemediationCategory, RemediationDetails = request.RemediationDetails,
                }, CliContext.Call(ct))
                : await publications.PublishCaseAsync(request, CliContext.Call(ct));
            context.Print(parse, advisory, () =>
            {
                context.Console.MarkupLine(Markup.Escape(
                    $"Published {advisory.TrackingId} version {advisory.Version} at {Timestamps.Minutes(advisory.PublishedAt)} (sha256 {advisory.Sha256})."));
                context.Console.MarkupLine(Markup.Escape(asParticipant
                    ? $"It references the origin's advisory; `fedctl advisories show {advisory.TrackingId}` prints the CSAF document."
                    : $"Participants are signalled; `fedctl advisories show {advisory.TrackingId}` prints the CSAF document."));
            });
        });
        return command;
    }
}
