using System.Security.Cryptography.X509Certificates;
using Federation.Core.Identity;
using Federation.Node.Hosting;
using Federation.Node.Options;
using Microsoft.Extensions.Options;

namespace Federation.Node.Security;

/// <summary>
/// The revocation lists of the partners that have one configured ("Federation:Partners:J:Crl"), each checked
/// against that partner's pinned anchor. Read whole at startup (a list that cannot be read or verified stops the
/// node, naming the setting) and again by <see cref="TrustFilesReloader"/> whenever a file changes. A reload that
/// fails keeps the last good list; one older than the list held is refused, so replacing the file with an old copy
/// cannot bring a revoked certificate back.
/// </summary>
public sealed partial class PartnerRevocation : IRevocationCheck
{
    private readonly Dictionary<JurisdictionCode, Source> _sources = [];
    private readonly StaleCrlPolicy _whenStale;
    private readonly ILogger<PartnerRevocation> _logger;
    private readonly string? _stateFile;
    private long _generation = 1;

    /// <param name="node">Partners and their CRL files.</param>
    /// <param name="options">Revocation settings.</param>
    /// <param name="anchors">The pinned anchors the lists are checked against.</param>
    /// <param name="timeProvider">The node's clock.</param>
    /// <param name="logger">Where loads and refusals are told.</param>
    /// <param name="stateFile">
    /// Where the newest list held per partner is remembered (in the data folder), so that an older list put in place
    /// while the node was stopped is refused at the next start too; null keeps it in memory only.
    /// </param>
    public PartnerRevocation(IOptions<NodeOptions> node, IOptions<RevocationOptions> options, TrustAnchors anchors, TimeProvider timeProvider, ILogger<PartnerRevocation> logger,
        string? stateFile = null)
    {
        _whenStale = options.Value.WhenStale;
        _logger = logger;
        _stateFile = stateFile;
        var held = ReadState(stateFile);
        var now = timeProvider.GetUtcNow();
        foreach (var (key, partner) in node.Value.Partners)
        {
            if (string.IsNullOrWhiteSpace(partner.Crl))
            {
                continue;
            }

            var setting = $"{NodeOptions.SectionName}:Partners:{key}:Crl";
            var jurisdiction = JurisdictionCode.Parse(key);
            var candidates = anchors.ByJurisdiction.GetValueOrDefault(jurisdiction)
                ?? throw new StartupException(setting, $"{key} has no pinned anchor to check its CRL with.");
            var (anchor, list) = Read(partner.Crl, candidates, out var problem);
            if (list is null)
            {
                throw new StartupException(setting, $"'{partner.Crl}': {problem}.");
            }

            if (held.TryGetValue(jurisdiction.Value, out var last) && list.IsOlderThan(last))
            {
                throw new StartupException(setting,
                    $"'{partner.Crl}' is older than the list this node last held for {key} (cRLNumber {last.Number ?? "none"}, this update {last.ThisUpdate:yyyy-MM-dd'T'HH:mm:ss'Z'}): "
                    + "put the CA's current list in place; an older one could un-revoke a certificate.");
            }

            if (candidates.Count > 1)
            {
                // During a CA rollover a partner has two anchors; one list speaks only for the CA that signed it.
                logger.LogWarning("{Partner} has {Count} pinned anchors; its revocation list ({Path}) covers only certificates issued by {Subject}", key, candidates.Count, partner.Crl, anchor!.Subject);
            }

            var source = new Source(jurisdiction, partner.Crl, anchor!, list) { WasStale = IsStale(list, now) };
            _sources[jurisdiction] = source;
            LogLoaded(logger, jurisdiction.Value, list.Count, list.ThisUpdate, list.NextUpdate);
            WriteState();
            if (source.WasStale)
            {
                LogStale(logger, jurisdiction.Value, list.NextUpdate, partner.Crl, _whenStale);
            }
        }
    }

    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>The lists held, for operators (health check, logs).</summary>
    public IReadOnlyCollection<Source> Sources => _sources.Values;

    public string? Problem(JurisdictionCode jurisdiction, X509Certificate2 certificate, X509Certificate2 issuer, DateTimeOffset now)
    {
        if (!_sources.TryGetValue(jurisdiction, out var source) || !source.Anchor.RawDataMemory.Span.SequenceEqual(issuer.RawDataMemory.Span))
        {
            // No list configured for the partner, or a certificate an intermediate issued: the CA's list does not speak for it.
            return null;
        }

        var list = source.Current;
        if (list.RevokedAt(certificate) is { } revokedAt)
        {
            return $"it was revoked by {jurisdiction}'s CA at {revokedAt:yyyy-MM-dd'T'HH:mm:ss'Z'} (CRL of {list.ThisUpdate:yyyy-MM-dd'T'HH:mm:ss'Z'})";
        }

        if (_whenStale == StaleCrlPolicy.FailClosed && IsStale(list, now))
        {
            return $"{jurisdiction}'s revocation list is stale: its next update was due {list.NextUpdate:yyyy-MM-dd'T'HH:mm:ss'Z'} and no newer list has been loaded "
                + $"(Federation:Revocation:WhenStale is FailClosed)";
        }

        return null;
    }

    /// <summary>Reads every list whose file changed, and notes lists that went stale; returns what an operator should know.</summary>
    public IReadOnlyList<TrustChange> Reload(DateTimeOffset now)
    {
        var changes = new List<TrustChange>();
        foreach (var source in _sources.Values)
        {
            var (_, list) = TryReadChanged(source, out var problem);
            if (problem is null && list is null)
            {
                // The file holds the list already in force again.
                source.LastProblem = null;
            }
            else if (problem is not null)
            {
                if (source.LastProblem != problem)
                {
                    source.LastProblem = problem;
                    LogRefused(_logger, source.Jurisdiction.Value, source.Path, problem);
                    changes.Add(new TrustChange(source.Jurisdiction, Core.Audit.AuditKinds.RevocationListRefused, $"{source.Path}: {problem}; the last good list is kept"));
                }
            }
            else if (list is not null)
            {
                source.LastProblem = null;
                source.Current = list;
                WriteState();
                LogLoaded(_logger, source.Jurisdiction.Value, list.Count, list.ThisUpdate, list.NextUpdate);
                changes.Add(new TrustChange(source.Jurisdiction, Core.Audit.AuditKinds.RevocationListLoaded,
                    $"{list.Count} revoked; this update {list.ThisUpdate:yyyy-MM-dd'T'HH:mm:ss'Z'}; next {list.NextUpdate?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? "none"}; sha256 {list.Digest[..16]}"));
            }

            var stale = IsStale(source.Current, now);
            if (stale != source.WasStale)
            {
                source.WasStale = stale;
                if (stale)
                {
                    LogStale(_logger, source.Jurisdiction.Value, source.Current.NextUpdate, source.Path, _whenStale);
                    changes.Add(new TrustChange(source.Jurisdiction, Core.Audit.AuditKinds.RevocationListStale,
                        $"next update was due {source.Current.NextUpdate:yyyy-MM-dd'T'HH:mm:ss'Z'}; policy {_whenStale}"));
                }
            }
        }

        if (changes.Count > 0)
        {
            Interlocked.Increment(ref _generation);
        }

        return changes;
    }

    private static Dictionary<string, CrlMark> ReadState(string? stateFile)
    {
        if (stateFile is null || !File.Exists(stateFile))
        {
            return new(StringComparer.Ordinal);
        }

        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, CrlMark>>(File.ReadAllText(stateFile)) ?? new(StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            throw new StartupException(NodeOptions.SectionName + ":DataDirectory", $"'{stateFile}' (the newest revocation lists held) cannot be read: {ex.Message}. Restore it or delete it to accept the lists now configured.");
        }
    }

    /// <summary>Written beside the store, replaced whole (a temporary file moved into place), after every list taken.</summary>
    private void WriteState()
    {
        if (_stateFile is null)
        {
            return;
        }

        var state = _sources.Values.ToDictionary(s => s.Jurisdiction.Value, s => s.Current.Mark, StringComparer.Ordinal);
        var temporary = _stateFile + ".new";
        File.WriteAllText(temporary, System.Text.Json.JsonSerializer.Serialize(state));
        File.Move(temporary, _stateFile, overwrite: true);
    }

    private static bool IsStale(CrlSnapshot list, DateTimeOffset now) => list.NextUpdate is { } next && now > next;

    private static (X509Certificate2? Anchor, CrlSnapshot? List) TryReadChanged(Source source, out string? problem)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(source.Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot be read ({ex.GetType().Name})";
            return (null, null);
        }

        if (Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes)) == source.Current.Digest)
        {
            problem = null;
            return (null, null);
        }

        var (anchor, list) = Parse(bytes, [source.Anchor], out problem);
        if (list is not null && list.IsOlderThan(source.Current.Mark))
        {
            problem = $"it is older than the list held, or reuses its cRLNumber with other content (this update {list.ThisUpdate:yyyy-MM-dd'T'HH:mm:ss'Z'}): refused, so that an old copy cannot un-revoke a certificate";
            return (null, null);
        }

        return (anchor, list);
    }

    private static (X509Certificate2? Anchor, CrlSnapshot? List) Read(string path, IReadOnlyList<X509Certificate2> anchors, out string? problem)
    {
        try
        {
            return Parse(File.ReadAllBytes(path), anchors, out problem);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot be read ({ex.Message})";
            return (null, null);
        }
    }

    private static (X509Certificate2? Anchor, CrlSnapshot? List) Parse(byte[] bytes, IReadOnlyList<X509Certificate2> anchors, out string? problem)
    {
        problem = "no pinned anchor";
        foreach (var anchor in anchors)
        {
            try
            {
                problem = null;
                return (anchor, CrlSnapshot.Load(bytes, anchor));
            }
            catch (InvalidDataException ex)
            {
                problem = ex.Message;
            }
        }

        return (null, null);
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Revocation list of {Partner} loaded: {Count} revoked, this update {ThisUpdate:o}, next update {NextUpdate:o}")]
    private static partial void LogLoaded(ILogger logger, string partner, int count, DateTimeOffset thisUpdate, DateTimeOffset? nextUpdate);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Revocation list of {Partner} refused from {Path}: {Problem}; the last good list is kept")]
    private static partial void LogRefused(ILogger logger, string partner, string path, string problem);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "Revocation list of {Partner} is stale: its next update was due {NextUpdate:o}; put the CA's new list at {Path}. Under {Policy} its certificates are judged on the stale list")]
    private static partial void LogStale(ILogger logger, string partner, DateTimeOffset? nextUpdate, string path, StaleCrlPolicy policy);

    /// <summary>One partner's list and where it comes from.</summary>
    public sealed class Source(JurisdictionCode jurisdiction, string path, X509Certificate2 anchor, CrlSnapshot current)
    {
        public JurisdictionCode Jurisdiction { get; } = jurisdiction;

        public string Path { get; } = path;

        public X509Certificate2 Anchor { get; } = anchor;

        public CrlSnapshot Current { get; set; } = current;

        public bool WasStale { get; set; }

        public string? LastProblem { get; set; }
    }
}
