using System.Text.Json;

namespace Federation.Cli.Tests;

/// <summary>fedctl case publish and fedctl advisories against a real node.</summary>
public sealed class FedctlPublicationTests(CliNodeFixture nodes) : IClassFixture<CliNodeFixture>
{
    [Fact]
    public async Task CasePublish_WhileEmbargoedThenAfterLift_Exit1WithTheReasonThenExit0AndListed()
    {
        // A case nobody else holds: its own proposal is agreed at once (the origin is the only participant).
        var created = (await nodes.RunAsync("FR", "case", "create", "--title", "Publish me", "--synopsis", "A jailbreak.", "--vendor", "Acme", "--product", "TriageBot", "--tlp", "GREEN", "--json")).Json();
        var caseId = created.GetProperty("federationCaseId").GetString()!;
        await nodes.RunAsync("FR", "embargo", "propose", caseId, "--date", "2027-01-15T09:00Z");

        var refused = await nodes.RunAsync("FR", "case", "publish", caseId);
        var lifted = await nodes.RunAsync("FR", "embargo", "lift", caseId);
        var published = await nodes.RunAsync("FR", "case", "publish", caseId, "--remediation-category", "vendor-fix", "--remediation", "Update to 2.1.");
        var listed = await nodes.RunAtWidthAsync(120, "FR", "advisories");
        var listedJson = (await nodes.RunAsync("FR", "advisories", "list", "--json")).Json();
        var shown = await nodes.RunAsync("FR", "advisories", "show", caseId);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("the embargo is active until the agreed end 2027-01-15T09:00Z", refused.Error, StringComparison.Ordinal);
        Assert.Contains($"fedctl embargo lift {caseId}", refused.Error, StringComparison.Ordinal);
        Assert.True(lifted.ExitCode == 0, lifted.Error);
        Assert.True(published.ExitCode == 0, published.Error);
        Assert.Contains($"Published {caseId} version 1", published.Output, StringComparison.Ordinal);
        Assert.Equal(0, listed.ExitCode);
        var lines = listed.Output.Split(Environment.NewLine);
        Assert.True(lines.Max(l => l.Length) <= 120, $"a line wider than 120 columns:{Environment.NewLine}{listed.Output}");
        Assert.Contains(lines, l => l.Contains(caseId, StringComparison.Ordinal));
        Assert.Contains(listedJson.GetProperty("advisories").EnumerateArray(), a => a.GetProperty("trackingId").GetString() == caseId);
        using var csaf = JsonDocument.Parse(shown.Output);
        Assert.Equal(caseId, csaf.RootElement.GetProperty("document").GetProperty("tracking").GetProperty("id").GetString());
        Assert.Equal("vendor_fix", csaf.RootElement.GetProperty("vulnerabilities")[0].GetProperty("remediations")[0].GetProperty("category").GetString());
    }

    [Fact]
    public async Task CasePublish_UnknownRemediationCategory_ExitsUsageNamingTheChoices()
    {
        var result = await nodes.RunAsync("FR", "case", "publish", "FR-01JD3Q5V7X8Y9Z0A1B2C3D4E5F", "--remediation-category", "pray");

        Assert.Equal(64, result.ExitCode);
        Assert.Contains("vendor-fix, mitigation, workaround, none-available, no-fix-planned", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CasePublish_AtANonOrigin_Exit1NamingTheOrigin()
    {
        var result = await nodes.RunAsync("DE", "case", "publish", "FR-01JD3Q5V7X8Y9Z0A1B2C3D4E5F");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Only the case's origin FR publishes", result.Error, StringComparison.Ordinal);
    }
    [Fact]
    public async Task CasePublish_ParticipantBeforeTheOriginPublished_Exit1SayingSo()
    {
        var result = await nodes.RunAsync("DE", "case", "publish", "FR-01JD3Q5V7X8Y9Z0A1B2C3D4E5F", "--participant");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("has not been published by its origin FR", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CasePublish_AtWithoutAZoneOrWithParticipant_ExitsUsage()
    {
        var noZone = await nodes.RunAsync("FR", "case", "publish", "FR-01JD3Q5V7X8Y9Z0A1B2C3D4E5F", "--at", "2027-01-15T09:00");
        var both = await nodes.RunAsync("DE", "case", "publish", "FR-01JD3Q5V7X8Y9Z0A1B2C3D4E5F", "--at", "2027-01-15T09:00Z", "--participant");

        Assert.Equal((64, 64), (noZone.ExitCode, both.ExitCode));
        Assert.Contains("--at '2027-01-15T09:00' must be an instant with its zone", noZone.Error, StringComparison.Ordinal);
        Assert.Contains("a participant's advisory follows it", both.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CasePublish_At_PublishedForThatInstantAndNotListedBeforeIt()
    {
        var created = (await nodes.RunAsync("FR", "case", "create", "--title", "Schedule me", "--synopsis", "A jailbreak.", "--vendor", "Acme", "--product", "TriageBot", "--tlp", "GREEN", "--json")).Json();
        var caseId = created.GetProperty("federationCaseId").GetString()!;
        var at = new DateTimeOffset(DateTimeOffset.UtcNow.AddDays(2).Date, TimeSpan.Zero).AddHours(9);

        var published = await nodes.RunAsync("FR", "case", "publish", caseId, "--at", at.ToString("yyyy-MM-dd'T'HH:mm'Z'", System.Globalization.CultureInfo.InvariantCulture));
        var listed = (await nodes.RunAsync("FR", "advisories", "list", "--json")).Json();

        Assert.True(published.ExitCode == 0, published.Error);
        Assert.Contains($"Published {caseId} version 1 at {at.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)}", published.Output, StringComparison.Ordinal);
        // An empty list is left out of the JSON, as protobuf's JSON form does.
        var advisories = listed.TryGetProperty("advisories", out var list) ? list.EnumerateArray().ToList() : [];
        Assert.DoesNotContain(advisories, a => a.GetProperty("trackingId").GetString() == caseId);
    }
}
