using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Federation.Contracts.V1;
using Federation.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Federation.Node.Tests.Publication;

/// <summary>
/// The CSAF 2.0 provider (§7.1) of a real node, read over its public listener: provider-metadata.json, the white
/// folder's index, changes and ROLIE feed, each document with hashes and signature, and the OpenPGP key.
/// </summary>
public sealed class CsafProviderTests
{
    // The test PKI's certificates are valid from a day before the real now: a fixed date would fall out of them.
    private static readonly DateTimeOffset Start = TruncatedToMinute(DateTimeOffset.UtcNow);

    private static DateTimeOffset TruncatedToMinute(DateTimeOffset t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Provider_TwoPublicationsAndACorrection_ListsExactlyThem_HashesAndSignaturesMatchTheServedBytes()
    {
        var clock = new FakeTimeProvider(Start);
        // A lone node cannot hold a treaty (two parties at least): DE is there and takes no part.
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], timeProvider: clock, cancellationToken: Ct);
        var fr = federation["FR"];
        using var client = fr.CreatePublicClient();
        var provider = new ProviderFetch(client);
        Assert.Empty(await provider.LinesAsync(".well-known/csaf/white/index.txt", "text/plain; charset=utf-8"));
        Assert.Empty(await provider.LinesAsync(".well-known/csaf/white/changes.csv", "text/csv; charset=utf-8"));

        var first = await PublishAsync(fr, clock, "Guardrail bypass in TriageBot");
        var second = await PublishAsync(fr, clock, "Training data extraction from LoanAdvisor");
        clock.Advance(TimeSpan.FromMinutes(1));
        var corrected = await fr.AdminClient().Publications.PublishCaseAsync(new PublishCaseRequest
        {
            FederationCaseId = first.FederationCaseId, RemediationCategory = RemediationCategory.VendorFix, RemediationDetails = "Fixed in 2.1.",
        }, cancellationToken: Ct);

        var metadata = await provider.JsonAsync(".well-known/csaf/provider-metadata.json");
        Assert.Empty(CsafProviderSchemas.ProviderErrors(metadata));
        // The schema revision shipped names the key list pgp_keys (schemas/README.md): its items are checked under that name too.
        var renamed = metadata.DeepClone().AsObject();
        renamed["pgp_keys"] = renamed["public_openpgp_keys"]!.DeepClone();
        Assert.Empty(CsafProviderSchemas.ProviderErrors(renamed));
        Assert.Equal("csaf_trusted_provider", (string?)metadata["role"]);
        Assert.Equal("/.well-known/csaf/provider-metadata.json", ProviderFetch.PathOf((string?)metadata["canonical_url"]));
        Assert.Equal("/.well-known/csaf/white/", ProviderFetch.PathOf((string?)metadata["distributions"]![0]!["directory_url"]));
        Assert.Equal("coordinator", (string?)metadata["publisher"]!["category"]);
        var correctedAt = CurrentRelease(corrected);
        Assert.Equal(correctedAt, (string?)metadata["last_updated"]);
        var key = metadata["public_openpgp_keys"]!.AsArray().Single()!;
        var publicKey = await provider.TextAsync(ProviderFetch.PathOf((string?)key["url"]), "application/pgp-keys");
        Assert.Equal((string?)key["fingerprint"], OpenPgpVerification.Fingerprint(publicKey));

        var paths = new[] { first, second }.ToDictionary(a => a.TrackingId, a => $"{a.PublishedAt.ToDateTimeOffset().Year}/{a.TrackingId.ToLowerInvariant()}.json");
        var index = await provider.LinesAsync(".well-known/csaf/white/index.txt", "text/plain; charset=utf-8");
        Assert.Equal(paths.Values.Order(StringComparer.Ordinal), index.Order(StringComparer.Ordinal));
        // Newest change first: the correction moved the first advisory to the top with its new current_release_date.
        var changes = await provider.LinesAsync(".well-known/csaf/white/changes.csv", "text/csv; charset=utf-8");
        Assert.Equal([$"\"{paths[first.TrackingId]}\",\"{correctedAt}\"", $"\"{paths[second.TrackingId]}\",\"{CurrentRelease(second)}\""], changes);
        Assert.True(string.CompareOrdinal(correctedAt, CurrentRelease(second)) > 0);

        var served = new List<(string, byte[])>();
        foreach (var (trackingId, path) in paths)
        {
            var url = $".well-known/csaf/white/{path}";
            var document = await provider.BytesAsync(url, "application/json");
            var fileName = path[5..];
            Assert.Equal($"{Convert.ToHexStringLower(SHA256.HashData(document))}  {fileName}\n", await provider.TextAsync(url + ".sha256", "text/plain; charset=utf-8"));
            Assert.Equal($"{Convert.ToHexStringLower(SHA512.HashData(document))}  {fileName}\n", await provider.TextAsync(url + ".sha512", "text/plain; charset=utf-8"));
            var signature = await provider.TextAsync(url + ".asc", "application/pgp-signature");
            Assert.True(OpenPgpVerification.Verifies(publicKey, signature, document), $"the signature of {path} does not verify");
            var tampered = (byte[])document.Clone();
            tampered[^3] ^= 0x01;
            Assert.False(OpenPgpVerification.Verifies(publicKey, signature, tampered));

            var json = JsonNode.Parse(document)!;
            Assert.Empty(CsafSchema.Errors(json));
            Assert.Equal(trackingId, (string?)json["document"]!["tracking"]!["id"]);
            var self = json["document"]!["references"]!.AsArray().Single(r => (string?)r!["category"] == "self")!;
            Assert.Equal($"/.well-known/csaf/white/{path}", ProviderFetch.PathOf((string?)self["url"]));
            served.Add((fileName, document));
        }

        var firstServed = JsonNode.Parse(await provider.BytesAsync($".well-known/csaf/white/{paths[first.TrackingId]}"))!;
        Assert.Equal("2", (string?)firstServed["document"]!["tracking"]!["version"]);
        Assert.Equal(corrected.Sha256, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(corrected.CsafJson))));
        Assert.Equal(corrected.CsafJson, Encoding.UTF8.GetString(await provider.BytesAsync($".well-known/csaf/white/{paths[first.TrackingId]}")));

        // Directory listings for manual navigation (§7.1.14): the white folder and its year.
        var year = paths.Values.First()[..4];
        var listing = await provider.TextAsync(".well-known/csaf/white/", "text/html; charset=utf-8");
        Assert.Contains($"<a href=\"{year}/\">", listing, StringComparison.Ordinal);
        Assert.Contains("<a href=\"changes.csv\">", listing, StringComparison.Ordinal);
        var yearListing = await provider.TextAsync($".well-known/csaf/white/{year}/", "text/html; charset=utf-8");
        foreach (var path in paths.Values)
        {
            Assert.Contains($"<a href=\"{path[5..]}.asc\">", yearListing, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, await provider.StatusAsync(".well-known/csaf/white/1999/"));

        var feed = await provider.JsonAsync(".well-known/csaf/white/csaf-feed-tlp-white.json");
        Assert.Empty(CsafProviderSchemas.FeedErrors(feed));
        Assert.Equal(ProviderFetch.PathOf((string?)metadata["distributions"]![0]!["rolie"]!["feeds"]![0]!["url"]), ProviderFetch.PathOf((string?)feed["feed"]!["link"]![0]!["href"]));
        var entries = feed["feed"]!["entry"]!.AsArray();
        Assert.Equal([first.TrackingId, second.TrackingId], entries.Select(e => (string?)e!["id"]));
        Assert.Equal(["self", "hash", "hash", "signature"], entries[0]!["link"]!.AsArray().Select(l => (string?)l!["rel"]));
        Assert.Equal($"/.well-known/csaf/white/{paths[first.TrackingId]}.asc", ProviderFetch.PathOf((string?)entries[0]!["link"]![3]!["href"]));

        var (exitCode, summary, stdout, stderr) = await BsiCsafValidator.ValidateAsync(served, Ct);
        Assert.True(exitCode == 0, $"BSI's validator failed a mandatory test on a served document:\n{stderr}\n{stdout}");
        Assert.Equal(0, summary.GetProperty("mandatoryFailures").GetInt32());
        // The two optional warnings every document keeps by design (README): 6.2.3, no CVSS v2/v3 score (ours is v4.0, in a
        // note); 6.2.16, no product identification helper for an AI model. Served documents name their canonical URL (no 6.2.11).
        var warned = summary.GetProperty("warnings").EnumerateObject().ToDictionary(w => w.Name, w => w.Value.GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["optionalTest_6_2_3"] = served.Count, ["optionalTest_6_2_16"] = served.Count }, warned);
    }

    [Fact]
    public async Task Provider_ConditionalGetAndBadNames_NotModifiedThenNotFound()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: Ct);
        var fr = federation["FR"];
        using var client = fr.CreatePublicClient();
        var published = await PublishAsync(fr, clock: null, "Guardrail bypass in TriageBot");
        var path = $".well-known/csaf/white/{DateTimeOffset.UtcNow.Year}/{published.TrackingId.ToLowerInvariant()}.json";

        using var first = await client.GetAsync(path, Ct);
        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var notModified = await client.SendAsync(again, Ct);
        using var index = await client.GetAsync(".well-known/csaf/white/index.txt", Ct);
        var provider = new ProviderFetch(client);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("public, no-cache", first.Headers.CacheControl!.ToString());
        Assert.NotNull(first.Content.Headers.LastModified);
        Assert.Equal("nosniff", first.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.NotNull(index.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotFound, await provider.StatusAsync($".well-known/csaf/white/{DateTimeOffset.UtcNow.Year}/fr-unknown.json"));
        Assert.Equal(HttpStatusCode.NotFound, await provider.StatusAsync($".well-known/csaf/white/1999/{published.TrackingId.ToLowerInvariant()}.json"));
        Assert.Equal(HttpStatusCode.NotFound, await provider.StatusAsync($".well-known/csaf/white/{DateTimeOffset.UtcNow.Year}/{published.TrackingId}.json"));
        Assert.Equal(HttpStatusCode.NotFound, await provider.StatusAsync(path + ".md5"));
        Assert.Equal(HttpStatusCode.NotFound, await provider.StatusAsync(".well-known/csaf/openpgp/0000000000000000000000000000000000000000.asc"));
    }

    [Fact]
    public async Task FolderListings_CarryTheStateETag_MalformedYearIsNotFoundEvenWithAMatchingValidator()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: Ct);
        var fr = federation["FR"];
        using var client = fr.CreatePublicClient();
        await PublishAsync(fr, clock: null, "Guardrail bypass in TriageBot");

        using var folder = await client.GetAsync(".well-known/csaf/white/", Ct);
        var etag = folder.Headers.ETag;
        using var year = await client.GetAsync($".well-known/csaf/white/{DateTimeOffset.UtcNow.Year}/", Ct);
        var statuses = new Dictionary<string, HttpStatusCode>(StringComparer.Ordinal);
        foreach (var path in new[] { ".well-known/csaf/white/", $".well-known/csaf/white/{DateTimeOffset.UtcNow.Year}/", ".well-known/csaf/white/abcd/", ".well-known/csaf/white/1999/" })
        {
            using var conditional = new HttpRequestMessage(HttpMethod.Get, path);
            conditional.Headers.IfNoneMatch.Add(etag!);
            using var response = await client.SendAsync(conditional, Ct);
            statuses[path] = response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, folder.StatusCode);
        Assert.NotNull(etag);
        Assert.Equal("text/html; charset=utf-8", folder.Content.Headers.ContentType!.ToString());
        Assert.Contains("<a href=\"index.txt\">", await folder.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(etag, year.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, statuses[".well-known/csaf/white/"]);
        Assert.Equal(HttpStatusCode.NotModified, statuses[$".well-known/csaf/white/{DateTimeOffset.UtcNow.Year}/"]);
        Assert.Equal(HttpStatusCode.NotFound, statuses[".well-known/csaf/white/abcd/"]);
        Assert.Equal(HttpStatusCode.NotFound, statuses[".well-known/csaf/white/1999/"]);
    }

    [Fact]
    public async Task Provider_ScheduledPublication_InNoFileBeforeItsInstant_ThenEverywhereAtIt()
    {
        var clock = new FakeTimeProvider(Start);
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], timeProvider: clock, cancellationToken: Ct);
        var (fr, de) = (federation["FR"].AdminClient(), federation["DE"].AdminClient());
        using var client = federation["FR"].CreatePublicClient();
        var provider = new ProviderFetch(client);
        var created = await fr.Cases.CreateCaseAsync(new CreateCaseRequest
        {
            Fields = new CaseFields { Title = "Guardrail bypass", Synopsis = "A crafted prompt defeats the guardrails.", Tlp = TlpLabel.Green, Vendor = "Acme", Product = "TriageBot" },
        }, cancellationToken: Ct);
        await fr.Cases.RecordConsentAsync(new RecordConsentRequest { FederationCaseId = created.FederationCaseId, Scopes = { "share-summary" } }, cancellationToken: Ct);
        await fr.Cases.ShareCaseAsync(new ShareCaseRequest { FederationCaseId = created.FederationCaseId }, cancellationToken: Ct);
        await Eventually.UntilAsync(
            async () => (await de.Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest(), cancellationToken: Ct)).Summaries,
            s => s.Any(x => x.Summary.FederationCaseId == created.FederationCaseId), "DE to hold the summary");
        var instant = clock.GetUtcNow().AddMinutes(10);

        var past = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(async () => await fr.Publications.PublishCaseAsync(
            new PublishCaseRequest { FederationCaseId = created.FederationCaseId, PublishAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(clock.GetUtcNow().AddMinutes(-1)) },
            cancellationToken: Ct));
        var scheduled = await fr.Publications.PublishCaseAsync(new PublishCaseRequest
        {
            FederationCaseId = created.FederationCaseId, PublishAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(instant),
        }, cancellationToken: Ct);
        await Eventually.UntilAsync(
            async () => (await fr.Deliveries.ListDeliveriesAsync(new ListDeliveriesRequest { FederationCaseId = created.FederationCaseId }, cancellationToken: Ct)).Deliveries,
            d => d.Any(x => x.Kind == MessageKind.Publication && x.State == DeliveryState.Delivered), "DE to acknowledge the publication");
        var path = $".well-known/csaf/white/{instant.Year}/{created.FederationCaseId.ToLowerInvariant()}.json";
        var keyCreated = (string?)(await provider.JsonAsync(".well-known/csaf/provider-metadata.json"))["last_updated"];

        Assert.Equal(global::Grpc.Core.StatusCode.InvalidArgument, past.StatusCode);
        Assert.Equal(instant, scheduled.PublishedAt.ToDateTimeOffset());
        Assert.Empty(await provider.LinesAsync(".well-known/csaf/white/index.txt", "text/plain; charset=utf-8"));
        Assert.Empty(await provider.LinesAsync(".well-known/csaf/white/changes.csv", "text/csv; charset=utf-8"));
        Assert.Empty((await provider.JsonAsync(".well-known/csaf/white/csaf-feed-tlp-white.json"))["feed"]!["entry"]!.AsArray());
        foreach (var suffix in new[] { "", ".sha256", ".sha512", ".asc" })
        {
            Assert.Equal(HttpStatusCode.NotFound, await provider.StatusAsync(path + suffix));
        }

        Assert.Empty((await fr.Publications.ListAdvisoriesAsync(new ListAdvisoriesRequest(), cancellationToken: Ct)).Advisories);
        Assert.Empty((await de.Publications.ListAdvisoriesAsync(new ListAdvisoriesRequest(), cancellationToken: Ct)).Advisories);

        clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal([$"{instant.Year}/{created.FederationCaseId.ToLowerInvariant()}.json"], await provider.LinesAsync(".well-known/csaf/white/index.txt", "text/plain; charset=utf-8"));
        Assert.Equal(scheduled.CsafJson, await provider.TextAsync(path, "application/json"));
        Assert.Single((await provider.JsonAsync(".well-known/csaf/white/csaf-feed-tlp-white.json"))["feed"]!["entry"]!.AsArray());
        Assert.NotEqual(keyCreated, (string?)(await provider.JsonAsync(".well-known/csaf/provider-metadata.json"))["last_updated"]);
        Assert.Equal(created.FederationCaseId, (await fr.Publications.ListAdvisoriesAsync(new ListAdvisoriesRequest(), cancellationToken: Ct)).Advisories.Single().TrackingId);
        Assert.Equal(scheduled.Sha256, (await de.Publications.ListAdvisoriesAsync(new ListAdvisoriesRequest(), cancellationToken: Ct)).Advisories.Single().Sha256);
        var again = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(async () => await fr.Publications.PublishCaseAsync(
            new PublishCaseRequest { FederationCaseId = created.FederationCaseId, PublishAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(clock.GetUtcNow().AddMinutes(5)) },
            cancellationToken: Ct));
        Assert.Equal(global::Grpc.Core.StatusCode.InvalidArgument, again.StatusCode);
    }

    private static string? CurrentRelease(Advisory advisory) =>
        (string?)JsonNode.Parse(advisory.CsafJson)!["document"]!["tracking"]!["current_release_date"];

    private static async Task<Advisory> PublishAsync(TestNode node, FakeTimeProvider? clock, string title)
    {
        clock?.Advance(TimeSpan.FromMinutes(1));
        var admin = node.AdminClient();
        var created = await admin.Cases.CreateCaseAsync(new CreateCaseRequest
        {
            Fields = new CaseFields
            {
                Title = title, Synopsis = "A crafted prompt defeats the assistant's guardrails.", Tlp = TlpLabel.Clear, Vendor = "Acme", Product = "TriageBot",
                ModelVersion = "2.0", TechnicalDescription = "canary-technical-7f3a",
            },
        }, cancellationToken: Ct);
        return await admin.Publications.PublishCaseAsync(new PublishCaseRequest { FederationCaseId = created.FederationCaseId }, cancellationToken: Ct);
    }
}
