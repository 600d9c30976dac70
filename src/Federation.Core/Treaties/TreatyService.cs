using Federation.Core.Abstractions;
using Federation.Core.Audit;
using Federation.Core.Delivery;
using Federation.Core.Identity;
using Federation.Core.Sharing;

namespace Federation.Core.Treaties;

/// <summary>
/// Installs treaty versions and keeps the registry in step with the store. Installing a version
/// countersigns it: this node's countersignature goes to every other party through the outbox, in
/// the same transaction. A version comes into force only when every party has countersigned the
/// same hash; until then the previous version stays in force. When that changes, a re-evaluation of
/// every shared case is requested (it runs in the background, so partners' holdings follow the
/// treaty in force without holding up whoever noticed the change).
/// </summary>
public sealed class TreatyService(
    ITreatyStore store,
    TreatyRegistry registry,
    TrustAnchors anchors,
    IEnvelopeSealer sealer,
    IOutbox outbox,
    IAuditLog audit,
    IUnitOfWork unitOfWork,
    IReevaluationSignal reevaluation,
    LocalNode node,
    TimeProvider timeProvider,
    IDeliverySignal? deliverySignal = null)
{
    private static readonly SemaphoreSlim RefreshGate = new(1, 1);

    public async Task<Treaty> InstallAsync(string document, string source, string actor, CancellationToken cancellationToken)
    {
        var treaty = TreatyParser.Parse(document, source);
        if (TreatyAcceptance.Check(treaty, node.Jurisdiction, anchors) is [var problem, ..])
        {
            throw new FederationException(ErrorCode.FailedPrecondition, problem.Message, problem.Field);
        }

        var existing = await store.FindVersionAsync(treaty.Id, treaty.Version, cancellationToken);
        if (existing is not null && existing.ContentHash != treaty.ContentHash)
        {
            throw new FederationException(ErrorCode.AlreadyExists,
                $"Treaty {treaty} is already installed with hash {existing.ContentHash[..12]}…; an amendment needs a new version number.", "version");
        }

        var now = timeProvider.GetUtcNow();
        if (existing is null)
        {
            store.AddVersion(new TreatyVersionRecord(treaty.Id, treaty.Version, document, treaty.ContentHash, source, now));
            audit.Append(AuditEntry.Create(timeProvider, AuditKinds.TreatyInstalled, actor, treaty.ToString(), "installed",
                $"hash={treaty.ContentHash}; parties={string.Join(',', treaty.Parties.Select(p => p.Value).Order(StringComparer.Ordinal))}; source={source}", AuditEntry.TreatyOf(treaty.Id, treaty.Version)));
        }

        if (await store.FindSignatureAsync(treaty.Id, treaty.Version, node.Jurisdiction.Value, cancellationToken) is null)
        {
            Countersign(treaty, actor, now);
        }

        await unitOfWork.SaveChangesAsync(cancellationToken);
        deliverySignal?.Notify();
        await RefreshAsync(cancellationToken);
        return treaty;
    }

    /// <summary>Every installed version (of one treaty, or of all), ordered by id then version, with its standing here.</summary>
    public async Task<IReadOnlyList<TreatyStanding>> DescribeAsync(string? treatyId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var signatures = await store.ListSignaturesAsync(cancellationToken);
        var records = (await store.ListVersionsAsync(cancellationToken)).ToDictionary(v => (v.TreatyId, v.Version));
        var standings = registry.All
            .Where(t => treatyId is null || t.Id == treatyId)
            .Select(t =>
            {
                var status = registry.StatusOf(t, now);
                return new TreatyStanding(t, status == "in force", status,
                    signatures.Where(s => s.TreatyId == t.Id && s.Version == t.Version && s.ContentHash == t.ContentHash).ToList(),
                    registry.AwaitingSignatures(t), records.GetValueOrDefault((t.Id, t.Version))?.InstalledAt);
            })
            .ToList();
        return treatyId is not null && standings.Count == 0
            ? throw new FederationException(ErrorCode.NotFound, $"No treaty '{treatyId}' is installed on this node.", "treaty_id")
            : standings;
    }

    /// <summary>What changed between two installed versions of one treaty, one line per difference.</summary>
    public IReadOnlyList<string> Diff(string treatyId, int fromVersion, int toVersion)
    {
        Treaty Find(int version) => registry.Find(treatyId, version)
            ?? throw new FederationException(ErrorCode.NotFound, $"Treaty {treatyId} v{version} is not installed on this node.", "treaty_id");
        return Diff(Find(fromVersion), Find(toVersion));
    }

    /// <summary>
    /// Parses a treaty document as <see cref="InstallAsync"/> would take it and lists every problem, without
    /// installing anything: the document's own errors, then what keeps this node from taking it.
    /// </summary>
    public async Task<TreatyValidation> ValidateAsync(string document, string fileName, CancellationToken cancellationToken)
    {
        Treaty treaty;
        try
        {
            treaty = TreatyParser.Parse(document, fileName);
        }
        catch (FederationException ex)
        {
            // The parser reports a document's first error by throwing; here that is an answer, not a fault.
            return new TreatyValidation(null, [ex.Message]);
        }

        var problems = TreatyAcceptance.Check(treaty, node.Jurisdiction, anchors).Select(p => $"{fileName}: {p.Message}").ToList();
        var existing = await store.FindVersionAsync(treaty.Id, treaty.Version, cancellationToken);
        if (existing is not null && existing.ContentHash != treaty.ContentHash)
        {
            problems.Add($"{fileName}: {treaty} is already installed with different content; an amendment needs a new version number.");
        }

        return new TreatyValidation(treaty, problems);
    }

    /// <summary>Installs the treaty files found at startup (already checked by the bootstrap); a file that changed under an installed version is refused.</summary>
    public async Task InstallFilesAsync(IEnumerable<(string FileName, string Document)> files, CancellationToken cancellationToken)
    {
        foreach (var (fileName, document) in files)
        {
            await InstallAsync(document, $"file:{fileName}", "system:startup", cancellationToken);
        }

        await RefreshAsync(cancellationToken);
    }

    /// <summary>
    /// Reloads versions and signatures from the store; when the versions in force differ from those
    /// last announced (a countersignature arrived, a version began or passed its review date), the
    /// change is audited and a re-evaluation of every shared case is requested, not awaited: the
    /// reload is a few rows, the re-evaluation one pass over every shared case. Serialized: two
    /// reloads never race to leave an older picture.
    /// </summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await RefreshGate.WaitAsync(cancellationToken);
        try
        {
            var now = timeProvider.GetUtcNow();
            var versions = await store.ListVersionsAsync(cancellationToken);
            var signatures = await store.ListSignaturesAsync(cancellationToken);
            registry.Replace(
                versions.Select(v => TreatyParser.Parse(v.Document, $"{v.TreatyId} v{v.Version}")),
                signatures.Select(s => (s.TreatyId, s.Version, s.Jurisdiction, s.ContentHash)));
            var after = registry.Governing(now);
            var announced = after.Select(t => (t.Id, t.Version)).ToHashSet();
            if (announced.SetEquals(registry.Announced))
            {
                return;
            }

            foreach (var treaty in after.Where(t => !registry.Announced.Contains((t.Id, t.Version))))
            {
                await audit.AppendNowAsync(AuditEntry.Create(timeProvider, AuditKinds.TreatyInForce, "system", treaty.ToString(), "in-force",
                    $"hash={treaty.ContentHash}; countersigned by {string.Join(',', treaty.Parties.Select(p => p.Value).Order(StringComparer.Ordinal))}",
                    AuditEntry.TreatyOf(treaty.Id, treaty.Version)), cancellationToken);
            }

            registry.Announced = announced;
            // After the announcement: a re-evaluation that starts now reads the registry just replaced.
            reevaluation.Request();
        }
        finally
        {
            RefreshGate.Release();
        }
    }

    private void Countersign(Treaty treaty, string actor, DateTimeOffset now)
    {
        var countersignature = new Countersignature(treaty.Id, treaty.Version, treaty.ContentHash);
        // This node's own countersignature is an envelope addressed to itself: the same evidence partners keep.
        var ownId = MessageId.New(node.Jurisdiction, timeProvider);
        var own = sealer.SealCountersignature(ownId, node.Jurisdiction, countersignature, now);
        store.AddSignature(new TreatySignature(treaty.Id, treaty.Version, node.Jurisdiction.Value, treaty.ContentHash, ownId, own, now, now));
        foreach (var party in treaty.Parties.Where(p => p != node.Jurisdiction))
        {
            var messageId = MessageId.New(node.Jurisdiction, timeProvider);
            outbox.Enqueue(new OutboxMessage(messageId, party.Value, null, 0, sealer.SealCountersignature(messageId, party, countersignature, now), now));
        }

        audit.Append(AuditEntry.Create(timeProvider, AuditKinds.TreatyCountersigned, actor, treaty.ToString(), "signed",
            $"hash={treaty.ContentHash}; sent to {string.Join(',', treaty.Parties.Where(p => p != node.Jurisdiction).Select(p => p.Value).Order(StringComparer.Ordinal))}",
            AuditEntry.TreatyOf(treaty.Id, treaty.Version)));
    }

    /// <summary>Line-by-line differences between two versions of a treaty, for operators reviewing an amendment.</summary>
    public static IReadOnlyList<string> Diff(Treaty from, Treaty to)
    {
        var changes = new List<string>();
        void Sets(string name, IEnumerable<string> a, IEnumerable<string> b)
        {
            var left = a.ToHashSet(StringComparer.Ordinal);
            var right = b.ToHashSet(StringComparer.Ordinal);
            changes.AddRange(right.Except(left).Order(StringComparer.Ordinal).Select(x => $"+ {name}: {x}"));
            changes.AddRange(left.Except(right).Order(StringComparer.Ordinal).Select(x => $"- {name}: {x}"));
        }

        void Value(string name, string? a, string? b)
        {
            if (a != b)
            {
                changes.Add($"~ {name}: {a ?? "(none)"} -> {b ?? "(none)"}");
            }
        }

        Value("title", from.Title, to.Title);
        Sets("parties", from.Parties.Select(p => p.Value), to.Parties.Select(p => p.Value));
        Sets("fields", from.AllowedFields, to.AllowedFields);
        foreach (var tlp in from.FieldsByTlp.Keys.Union(to.FieldsByTlp.Keys).Order())
        {
            Sets($"fields_by_tlp.{Cases.TlpLabels.ToLabel(tlp)}", from.FieldsFor(tlp), to.FieldsFor(tlp));
        }

        Value("max_tlp", Cases.TlpLabels.ToLabel(from.MaxTlp), Cases.TlpLabels.ToLabel(to.MaxTlp));
        Value("effective_from", Instant(from.EffectiveFrom), Instant(to.EffectiveFrom));
        Value("review_by", from.ReviewBy is { } r1 ? Instant(r1) : null, to.ReviewBy is { } r2 ? Instant(r2) : null);
        Sets("consent", Flatten(from.ExtraConsent), Flatten(to.ExtraConsent));
        Sets("scope.sectors", from.Scope.Sectors, to.Scope.Sectors);
        Sets("scope.taxonomy_classes", from.Scope.TaxonomyClasses, to.Scope.TaxonomyClasses);
        Value("scope.min_severity", Tenths(from.Scope.MinSeverityTenths), Tenths(to.Scope.MinSeverityTenths));
        Value("embargo.max_days", from.MaxEmbargoDays?.ToString(System.Globalization.CultureInfo.InvariantCulture), to.MaxEmbargoDays?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Sets("deadlines", from.Deadlines.Select(d => $"{d.Name} within {d.Within}"), to.Deadlines.Select(d => $"{d.Name} within {d.Within}"));
        Sets("articles", from.Articles, to.Articles);
        return changes;

        static string Instant(DateTimeOffset value) => value == DateTimeOffset.MinValue ? "(always)" : value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        static string? Tenths(int? value) => value is { } v ? (v / 10m).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : null;
        static IEnumerable<string> Flatten(IReadOnlyDictionary<string, IReadOnlySet<string>> map) => map.SelectMany(kv => kv.Value.Select(v => $"{kv.Key} needs {v}"));
    }
}
