using System.Text.Json;
using Federation.Testing;

namespace Federation.EndToEnd.Tests;

/// <summary>
/// The README walkthrough (deploy/local/demo.sh) against three node processes, driven only through
/// fedctl processes and their --json output.
/// </summary>
public sealed class FederationProcessTests(FederationProcessesFixture federation) : IClassFixture<FederationProcessesFixture>
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(30);

    private static readonly string[] SharedFields =
        ["model_version", "product", "reported_at", "sector", "status", "synopsis", "taxonomy_class", "title", "vendor"];

    [Fact]
    public async Task Demo_CaseSharedWithConsent_PartnersReceiveOnlyAllowedFields()
    {
        var ct = TestContext.Current.CancellationToken;
        var tag = Guid.NewGuid().ToString("N");
        var secretDescription = $"RAW-DESCRIPTION-{tag}: hidden instructions in PDF metadata override the triage policy";
        var secretContact = $"reporter-{tag}@example.org";
        var reporterName = $"Reporter Name {tag}";
        var fr = federation["FR"];

        var created = (await Fedctl.JsonAsync(fr, ct, "case", "create",
            "--title", $"Prompt injection in a clinical triage assistant ({tag})",
            "--synopsis", "Crafted documents make the assistant ignore its triage policy.",
            "--description", secretDescription,
            "--reporter-name", reporterName,
            "--reporter-contact", secretContact,
            "--vendor", "ExampleMed AI", "--product", "TriageAssist", "--model-version", "2.3.1",
            "--sector", "health", "--taxonomy", "AML.T0054", "--tlp", "AMBER")).Json();
        var caseId = created.GetProperty("federationCaseId").GetString()!;
        Assert.StartsWith("FR-", caseId, StringComparison.Ordinal);
        Assert.Equal("TLP_LABEL_AMBER", created.GetProperty("tlp").GetString());

        var consented = (await Fedctl.JsonAsync(fr, ct, "case", "consent", caseId, "--scope", "share-summary", "--scope", "share-vendor")).Json();
        Assert.Equal(["share-summary", "share-vendor"], Strings(consented, "consentScopes").Order());

        var shared = (await Fedctl.JsonAsync(fr, ct, "share", caseId)).Json();
        var decisions = shared.GetProperty("decisions").EnumerateArray().ToList();
        Assert.Equal(["DE", "JP"], decisions.Select(d => d.GetProperty("partner").GetString()).Order());
        foreach (var decision in decisions)
        {
            Assert.True(Bool(decision, "shared"), $"not shared: {decision}");
            Assert.Equal(FederationProcessesFixture.TreatyId, decision.GetProperty("treatyId").GetString());
            Assert.Equal(SharedFields, Strings(decision, "fields").Select(f => Word(f, "SUMMARY_FIELD_")).Order());
            Assert.Contains(Strings(decision, "reasons"), r => r.StartsWith("reporter_name: needs consent 'share-reporter'", StringComparison.Ordinal));
        }

        foreach (var partner in new[] { "DE", "JP" })
        {
            var node = federation[partner];
            var received = await Eventually.UntilAsync(
                () => Fedctl.JsonAsync(node, ct, "received", "--origin", "FR", "--limit", "200"),
                r => r.ExitCode != 0 || SummariesOf(r.Json(), caseId).Count > 0,
                $"{partner} to receive {caseId}", DeliveryTimeout);
            var entry = Assert.Single(SummariesOf(received.Json(), caseId));
            Assert.Equal("FR", entry.GetProperty("origin").GetString());
            Assert.Equal(FederationProcessesFixture.TreatyId, entry.GetProperty("treatyId").GetString());
            var summary = entry.GetProperty("summary");
            Assert.Equal("TLP_LABEL_AMBER", summary.GetProperty("tlp").GetString());
            Assert.Equal(SharedFields, FieldNames(summary).Order());
            Assert.Equal("ExampleMed AI", FieldValue(summary, "vendor"));
            // The ATLAS id given at intake is stored and shared as the catalogue's class id.
            Assert.Equal("llm-jailbreak", FieldValue(summary, "taxonomy_class"));
            AssertNoSecret(received, secretDescription, secretContact, reporterName);

            var status = await Fedctl.JsonAsync(node, ct, "status", caseId);
            var answer = status.Json();
            Assert.Equal(caseId, answer.GetProperty("summary").GetProperty("federationCaseId").GetString());
            Assert.Equal(FederationProcessesFixture.TreatyId, answer.GetProperty("treatyId").GetString());
            Assert.Equal(SharedFields, FieldNames(answer.GetProperty("summary")).Order());
            AssertNoSecret(status, secretDescription, secretContact, reporterName);
        }

        var delivered = await Eventually.UntilAsync(
            () => Fedctl.JsonAsync(fr, ct, "deliveries", "--case", caseId),
            r => r.ExitCode != 0 || DeliveriesOf(r.Json()).All(d => State(d) == "delivered"),
            $"FR to see {caseId} delivered to DE and JP", DeliveryTimeout);
        var deliveries = DeliveriesOf(delivered.Json());
        Assert.Equal(["DE=delivered", "JP=delivered"], deliveries.Select(d => $"{d.GetProperty("recipient").GetString()}={State(d)}").Order());
        Assert.All(deliveries, d => Assert.Equal(caseId, d.GetProperty("federationCaseId").GetString()));
        federation.AssertNoErrorLogs();
    }

    [Fact]
    public async Task PeerHandshake_FromDeToFr_NamesBothSidesAndTheSharedTreaty()
    {
        var ct = TestContext.Current.CancellationToken;

        var handshake = (await Fedctl.JsonAsync(federation["DE"], ct, "peer", "handshake", "FR")).Json();

        Assert.Equal("DE", handshake.GetProperty("callerJurisdiction").GetString());
        Assert.Equal("FR", handshake.GetProperty("calleeJurisdiction").GetString());
        var treaty = Assert.Single(handshake.GetProperty("sharedTreaties").EnumerateArray());
        Assert.Equal(FederationProcessesFixture.TreatyId, treaty.GetProperty("treatyId").GetString());
        Assert.Equal(1, treaty.GetProperty("version").GetInt32());
        Assert.False(string.IsNullOrEmpty(handshake.GetProperty("selectedProtocolVersion").GetString()));
        federation.AssertNoErrorLogs();
    }

    [Fact]
    public async Task Embargo_ProposeAcceptExtendLiftThenBreak_EveryNodeShowsTheSameStateAndHistory()
    {
        var ct = TestContext.Current.CancellationToken;
        foreach (var j in new[] { "FR", "DE", "JP" })
        {
            await federation.EnsureRunningAsync(j, ct);
        }

        var (fr, de, jp) = (federation["FR"], federation["DE"], federation["JP"]);
        var first = await SharedWithAllAsync(fr, ct);
        var proposed = (await Fedctl.JsonAsync(fr, ct, "embargo", "propose", first, "--date", "2027-03-01T09:00Z")).Json();
        var proposal = proposed.GetProperty("history")[0].GetProperty("signal").GetProperty("signalId").GetString()!;
        await EveryNodeAsync(first, "proposed", ct);
        (await Fedctl.JsonAsync(de, ct, "embargo", "accept", first, proposal)).Json();
        (await Fedctl.JsonAsync(jp, ct, "embargo", "accept", first, proposal)).Json();
        await EveryNodeAsync(first, "active", ct);
        var extended = (await Fedctl.JsonAsync(de, ct, "embargo", "extend", first, "--date", "2027-03-15T09:00Z", "--reason", "fix slipped")).Json();
        var extension = extended.GetProperty("history").EnumerateArray().Last(h => h.GetProperty("signal").GetProperty("kind").GetString() == "EMBARGO_SIGNAL_KIND_EXTEND")
            .GetProperty("signal").GetProperty("signalId").GetString()!;
        await EveryNodeAsync(first, "revise", ct);
        (await Fedctl.JsonAsync(fr, ct, "embargo", "accept", first, extension)).Json();
        (await Fedctl.JsonAsync(jp, ct, "embargo", "accept", first, extension)).Json();
        var extendedViews = await EveryNodeAsync(first, "active", ct, v => v.GetProperty("agreedEnd").GetString() == "2027-03-15T09:00:00Z");
        (await Fedctl.JsonAsync(fr, ct, "embargo", "lift", first)).Json();
        var lifted = await EveryNodeAsync(first, "lifted", ct, v => v.GetProperty("history").GetArrayLength() == 7);

        var second = await SharedWithAllAsync(fr, ct);
        (await Fedctl.JsonAsync(fr, ct, "embargo", "propose", second, "--date", "2027-02-01T09:00Z")).Json();
        await EveryNodeAsync(second, "proposed", ct);
        (await Fedctl.JsonAsync(jp, ct, "embargo", "break", second, "--reason", "exploited in the wild")).Json();
        var broken = await EveryNodeAsync(second, "broken", ct);

        Assert.Equal(3, extendedViews.Count);
        Assert.Single(lifted.Select(History).Distinct());
        Assert.Single(broken.Select(History).Distinct());
        federation.AssertNoErrorLogs();
    }

    private async Task<string> SharedWithAllAsync(NodeProcess fr, CancellationToken ct)
    {
        var created = (await Fedctl.JsonAsync(fr, ct, "case", "create", "--title", $"Embargo {Guid.NewGuid():N}", "--tlp", "GREEN")).Json();
        var caseId = created.GetProperty("federationCaseId").GetString()!;
        (await Fedctl.JsonAsync(fr, ct, "case", "consent", caseId, "--scope", "share-summary")).Json();
        (await Fedctl.JsonAsync(fr, ct, "share", caseId)).Json();
        return caseId;
    }

    private async Task<List<JsonElement>> EveryNodeAsync(string caseId, string state, CancellationToken ct, Func<JsonElement, bool>? also = null)
    {
        var views = new List<JsonElement>();
        foreach (var j in new[] { "FR", "DE", "JP" })
        {
            var result = await Eventually.UntilAsync(
                () => Fedctl.JsonAsync(federation[j], ct, "embargo", "show", caseId),
                r => r.ExitCode == 0 && Word(String(r.Json(), "state"), "EMBARGO_STATE_") == state && (also is null || also(r.Json())),
                $"{j} to show the embargo of {caseId} {state}", DeliveryTimeout);
            views.Add(result.Json());
        }

        return views;
    }

    private static string History(JsonElement view) =>
        string.Join(",", view.GetProperty("history").EnumerateArray().Select(h => $"{h.GetProperty("signal").GetProperty("signalId").GetString()}:{(h.TryGetProperty("applied", out var a) && a.GetBoolean())}"));

    [Fact]
    public async Task Share_PartnerDownThenBack_PendingWithErrorThenDelivered()
    {
        var ct = TestContext.Current.CancellationToken;
        var fr = federation["FR"];
        try
        {
            await federation.StopAsync("JP");
            var tag = Guid.NewGuid().ToString("N");
            var created = (await Fedctl.JsonAsync(fr, ct, "case", "create", "--title", $"Outage {tag}", "--synopsis", "Shared while JP is down.",
                "--sector", "finance", "--taxonomy", "AML.T0051", "--tlp", "GREEN")).Json();
            var caseId = created.GetProperty("federationCaseId").GetString()!;
            (await Fedctl.JsonAsync(fr, ct, "case", "consent", caseId, "--scope", "share-summary")).Json();

            var shared = (await Fedctl.JsonAsync(fr, ct, "share", caseId, "--partner", "JP")).Json();

            var decision = Assert.Single(shared.GetProperty("decisions").EnumerateArray());
            Assert.True(Bool(decision, "shared"), $"not shared: {decision}");
            var pending = await Eventually.UntilAsync(
                () => Fedctl.JsonAsync(fr, ct, "deliveries", "--case", caseId),
                r => r.ExitCode != 0 || DeliveriesOf(r.Json()).Any(d => Int(d, "attempts") > 0),
                $"FR to try delivering {caseId} to the stopped JP", DeliveryTimeout);
            var failing = Assert.Single(DeliveriesOf(pending.Json()));
            Assert.Equal("JP", failing.GetProperty("recipient").GetString());
            Assert.Equal("pending", State(failing));
            Assert.False(string.IsNullOrWhiteSpace(String(failing, "lastError")), $"no last error: {failing}");

            var jp = await federation.RestartAsync("JP", ct);

            var received = await Eventually.UntilAsync(
                () => Fedctl.JsonAsync(jp, ct, "received", "--origin", "FR", "--limit", "200"),
                r => r.ExitCode != 0 || SummariesOf(r.Json(), caseId).Count > 0,
                $"the restarted JP to receive {caseId}", DeliveryTimeout);
            var entry = Assert.Single(SummariesOf(received.Json(), caseId));
            Assert.Equal($"Outage {tag}", FieldValue(entry.GetProperty("summary"), "title"));
            var delivered = await Eventually.UntilAsync(
                () => Fedctl.JsonAsync(fr, ct, "deliveries", "--case", caseId),
                r => r.ExitCode != 0 || DeliveriesOf(r.Json()).All(d => State(d) == "delivered"),
                $"FR to see {caseId} delivered to JP", DeliveryTimeout);
            var done = Assert.Single(DeliveriesOf(delivered.Json()));
            Assert.True(Int(done, "attempts") >= 2, $"expected a failed attempt before the delivery: {done}");
            Assert.Equal(string.Empty, String(done, "lastError"));
            federation.AssertNoErrorLogs();
        }
        finally
        {
            await federation.EnsureRunningAsync("JP", CancellationToken.None);
        }
    }

    private static void AssertNoSecret(FedctlResult result, params string[] secrets)
    {
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, result.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, result.Stderr, StringComparison.Ordinal);
        }
    }

    private static List<JsonElement> SummariesOf(JsonElement response, string caseId) =>
        response.TryGetProperty("summaries", out var summaries)
            ? [.. summaries.EnumerateArray().Where(s => s.GetProperty("summary").GetProperty("federationCaseId").GetString() == caseId)]
            : [];

    private static List<JsonElement> DeliveriesOf(JsonElement response) =>
        response.TryGetProperty("deliveries", out var deliveries) ? [.. deliveries.EnumerateArray()] : [];

    /// <summary>The fields a typed summary carries, by their treaty names (protobuf JSON writes taxonomyClass for taxonomy_class).</summary>
    private static IEnumerable<string> FieldNames(JsonElement summary) =>
        summary.EnumerateObject().Select(p => p.Name).Where(n => n is not ("federationCaseId" or "revision" or "tlp"))
            .Select(n => string.Concat(n.Select(c => char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : c.ToString())));

    private static string? FieldValue(JsonElement summary, string name) =>
        summary.TryGetProperty(string.Concat(name.Split('_').Select((w, i) => i == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..])), out var value)
            ? value.GetString() : null;

    // Protobuf JSON leaves out default values: an absent property is false, 0 or "".
    private static string State(JsonElement delivery) => Word(String(delivery, "state"), "DELIVERY_STATE_");

    /// <summary>An enum's JSON name in the words people use: EMBARGO_STATE_PROPOSED is "proposed".</summary>
    private static string Word(string name, string prefix) =>
        name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..].ToLowerInvariant() : name;

    private static string String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetString() ?? string.Empty : string.Empty;

    private static bool Bool(JsonElement element, string name) => element.TryGetProperty(name, out var value) && value.GetBoolean();

    private static int Int(JsonElement element, string name) => element.TryGetProperty(name, out var value) ? value.GetInt32() : 0;

    private static IEnumerable<string> Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var values) ? values.EnumerateArray().Select(v => v.GetString()!) : [];
}
