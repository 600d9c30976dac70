using System.CommandLine;
using System.Globalization;
using Federation.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;

namespace Federation.Cli.Commands;

/// <summary>
/// fedctl embargo show|propose|accept|decline|extend|lift|break. Every instant is shown in UTC and,
/// with --tz, in the reader's zone too, so partners in different zones never misread a deadline hour.
/// </summary>
internal sealed class EmbargoCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("embargo", "The embargo of a case: when every participant may publish.");
        var tz = new Option<string>("--tz") { Description = "Also show instants in this IANA time zone, e.g. Europe/Paris or Asia/Tokyo.", Recursive = true };
        command.Add(tz);

        var showCase = CliArguments.Case();
        var show = new Command("show", "State, dates and the history of signals.") { showCase };
        show.SetAction(context, async (parse, ct) =>
        {
            var view = await context.Client(parse).Embargoes.GetEmbargoAsync(new GetEmbargoRequest { FederationCaseId = parse.GetRequiredValue(showCase) }, CliContext.Call(ct));
            context.Print(parse, view, () => Render(context.Console, view, Zone(parse.GetValue(tz))));
        });
        command.Add(show);

        command.Add(Signal(context, tz, "propose", "Propose a publication date (UTC instant, e.g. 2027-01-15T09:00Z).", date: true));
        command.Add(Signal(context, tz, "accept", "Accept a proposal or extension (its signal id, from 'embargo show').", refersTo: true));
        command.Add(Signal(context, tz, "decline", "Decline a proposal or extension, with a reason.", refersTo: true, reason: true));
        command.Add(Signal(context, tz, "extend", "Propose a later date for the agreed embargo, with a reason.", date: true, reason: true));
        command.Add(Signal(context, tz, "lift", "End the embargo now (the case's origin only)."));
        command.Add(Signal(context, tz, "break", "Exploited in the wild or leaked: publish now, whatever the date.", reason: true));
        return command;
    }

    private static Command Signal(CliContext context, Option<string> tz, string kind, string description, bool date = false, bool refersTo = false, bool reason = false)
    {
        var caseId = CliArguments.Case();
        var command = new Command(kind, description) { caseId };
        var target = new Argument<string>("signal") { Description = "The signal id it answers (from 'embargo show'), e.g. DE-M-01JD3… (any letter case).", CustomParser = CliArguments.Upper };
        var dateOption = new Option<string>("--date") { Required = kind != "propose", Description = "UTC instant, e.g. 2027-01-15T09:00Z (an offset such as +09:00 is converted)." };
        var presetOption = new Option<string>("--preset") { Description = "Instead of --date: distros (14 days), cert-cc (45) or project-zero (90), counted from the first report." };
        var reasonOption = new Option<string>("--reason") { Required = true, Description = "Why (sent to every participant with the signal)." };
        if (refersTo)
        {
            command.Add(target);
        }

        if (date)
        {
            command.Add(dateOption);
        }

        if (kind == "propose")
        {
            command.Add(presetOption);
        }

        if (reason)
        {
            command.Add(reasonOption);
        }

        command.SetAction(context, async (parse, ct) =>
        {
            var request = new SignalEmbargoRequest
            {
                FederationCaseId = parse.GetRequiredValue(caseId),
                Kind = WireText.TryParse<EmbargoSignalKind>(kind, out var signalKind) ? signalKind : throw new InvalidOperationException(kind),
            };
            if (kind == "propose" && parse.GetValue(presetOption) is { } preset)
            {
                request.Preset = WireText.TryParse<EmbargoPreset>(preset, out var known)
                    ? known
                    : throw new CliException($"--preset '{preset}' is not a preset: use {WireText.Choices<EmbargoPreset>()}.");
            }
            else if (date)
            {
                var text = parse.GetValue(dateOption) ?? throw new CliException("--date or --preset is required.");
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant) || !(text.EndsWith('Z') || text.Contains('+') || text.LastIndexOf('-') > 9))
                {
                    throw new CliException($"--date '{text}' must be an instant with its zone, e.g. 2027-01-15T09:00Z.");
                }

                request.Date = Timestamp.FromDateTimeOffset(instant.ToUniversalTime());
            }

            if (refersTo)
            {
                request.RefersTo = parse.GetRequiredValue(target);
            }

            if (reason)
            {
                request.Reason = parse.GetRequiredValue(reasonOption);
            }

            var view = await context.Client(parse).Embargoes.SignalEmbargoAsync(request, CliContext.Call(ct));
            context.Print(parse, view, () => Render(context.Console, view, Zone(parse.GetValue(tz))));
        });
        return command;
    }

    private static TimeZoneInfo? Zone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            throw new CliException($"--tz '{id}' is not a time zone this machine knows (use an IANA id such as Europe/Paris).");
        }
    }

    private static string When(Timestamp? value, TimeZoneInfo? zone)
    {
        if (value is null)
        {
            return "-";
        }

        var instant = value.ToDateTimeOffset();
        var utc = instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        return zone is null ? utc : $"{utc} ({TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture)} {zone.Id})";
    }

    private static void Render(IAnsiConsole console, EmbargoView view, TimeZoneInfo? zone)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[bold]State[/]", WireText.Of(view.State));
        grid.AddRow("[bold]Agreed end[/]", Markup.Escape(When(view.AgreedEnd, zone)));
        grid.AddRow("[bold]Proposed end[/]", Markup.Escape(When(view.ProposedEnd, zone)));
        grid.AddRow("[bold]Exited at[/]", Markup.Escape(When(view.ExitedAt, zone)));
        grid.AddRow("[bold]Treaty limit[/]", Markup.Escape(When(view.Limit, zone)));
        grid.AddRow("[bold]Participants[/]", string.Join(" ", view.Participants));
        console.Write(grid);
        if (view.History.Count == 0)
        {
            console.MarkupLine(Markup.Escape("No embargo signal yet: `fedctl embargo propose CASE --date …` (or --preset) proposes a publication date to every participant."));
            return;
        }

        var table = new Table().AddColumn(new TableColumn("Signal").NoWrap()).AddColumns("From", "Kind").AddColumn(new TableColumn("Sent").NoWrap()).AddColumns("Counted", "Effect");
        foreach (var step in view.History)
        {
            // In the table the reader's zone goes on a second line, so the row fits 120 columns.
            table.AddRow(Markup.Escape(step.Signal.SignalId), step.From, WireText.Of(step.Signal.Kind), Markup.Escape(When(step.Signal.SentAt, zone).Replace(" (", "\n(", StringComparison.Ordinal)),
                step.Applied ? "[green]yes[/]" : "[red]no[/]", Markup.Escape(step.Effect));
        }

        console.Write(table);
    }
}
