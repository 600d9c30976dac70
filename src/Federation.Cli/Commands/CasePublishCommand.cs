using System.CommandLine;
using System.Globalization;
using Federation.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;

namespace Federation.Cli.Commands;

/// <summary>
/// fedctl case publish CASE [--remediation-category …] [--remediation TEXT] [--at INSTANT] [--participant]: the origin publishes the
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
        var at = new Option<string>("--at")
        {
            Description = "Schedule the first publication: the UTC instant it becomes public here and at every participant, e.g. 2027-01-15T09:00Z (at most 30 days ahead).",
        };
        var participant = new Option<bool>("--participant")
        {
            Description = "For a partner's case: publish this node's own advisory, referencing the origin's; only once the origin's publication instant has come.",
        };
        var command = new Command("publish",
            "Publish the case's CSAF 2.0 advisory (TLP:CLEAR) and signal every participant; only once no embargo binds it (none, lifted or broken). "
            + "Publishing a published case again is a correction: a new revision.") { id, category, details, at, participant };
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
            if (parse.GetValue(at) is { } when)
            {
                if (!DateTimeOffset.TryParse(when, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
                    || !(when.EndsWith('Z') || when.Contains('+') || when.LastIndexOf('-') > 9))
                {
                    throw CliException.Usage($"--at '{when}' must be an instant with its zone, e.g. 2027-01-15T09:00Z.", "--at");
                }

                request.PublishAt = Timestamp.FromDateTimeOffset(instant.ToUniversalTime());
            }

            var asParticipant = parse.GetValue(participant);
            if (asParticipant && request.PublishAt is not null)
            {
                throw CliException.Usage("--at schedules the origin's publication; a participant's advisory follows it and is published when made.", "--at");
            }

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
