using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Federation.Core.Identity;
using Federation.Node.Hosting;
using Federation.Node.Options;
using Microsoft.Extensions.Options;

namespace Federation.Node.Security;

/// <summary>
/// The revocation lists of the partners that have one: from a configured file ("Federation:Partners:J:Crl"), fetched
/// from the partner itself ("Federation:Partners:J:FetchCrl", see <see cref="RevocationListFetcher"/>), or both, each
/// checked against that partner's pinned anchor; the newer list is the one in force. Files are read whole at startup (a
/// list that cannot be read or verified stops the node, naming the setting) and again by <see cref="TrustFilesReloader"/>
/// whenever one changes. A list that fails keeps the last good one; one older than the list held is refused, so an old
/// copy, put in a file or served by a partner, cannot bring a revoked certificate back.
/// </summary>
public sealed partial class PartnerRevocation : IRevocationCheck
{
    private readonly ConcurrentDictionary<JurisdictionCode, Source> _sources = new();
    private readonly Dictionary<JurisdictionCode, IReadOnlyList<X509Certificate2>> _fetchAnchors = [];
    private readonly ConcurrentDictionary<JurisdictionCode, string> _fetchProblems = new();
    private readonly Dictionary<string, CrlMark> _held;
    private readonly Lock _lock = new();
    private readonly StaleCrlPolicy _whenStale;
    private readonly int _maxFetchedBytes;
    private readonly ILogger<PartnerRevocation> _logger;
    private readonly string? _stateFile;
    private readonly string? _fetchedDirectory;
    private readonly bool _configured;
    private long _generation = 1;

    /// <param name="node">Partners, their CRL files and whether their lists are fetched.</param>
    /// <param name="options">Revocation settings.</param>
    /// <param name="anchors">The pinned anchors the lists are checked against.</param>
    /// <param name="timeProvider">The node's clock.</param>
    /// <param name="logger">Where loads and refusals are told.</param>
    /// <param name="stateFile">
    /// Where the newest list held per partner is remembered (in the data folder), so that an older list put in place
    /// while the node was stopped is refused at the next start too; null keeps it in memory only.
    /// </param>
    /// <param name="fetchedDirectory">Where fetched lists are kept (J.crl, DER), to be in force again after a restart; null keeps them in memory only.</param>
    public PartnerRevocation(IOptions<NodeOptions> node, IOptions<RevocationOptions> options, TrustAnchors anchors, TimeProvider timeProvider, ILogger<PartnerRevocation> logger,
        string? stateFile = null, string? fetchedDirectory = null)
    {
        _whenStale = options.Value.WhenStale;
        _maxFetchedBytes = options.Value.FetchedBytesLimit(node.Value.MaxMessageBytes);
        _logger = logger;
        _stateFile = stateFile;
        _fetchedDirectory = fetchedDirectory;
        _held = ReadState(stateFile);
        var now = timeProvider.GetUtcNow();
        foreach (var (key, partner) in node.Value.Partners)
        {
            if (string.IsNullOrWhiteSpace(partner.Crl) && !partner.FetchCrl)
            {
                continue;
            }

            _configured = true;
            var setting = $"{NodeOptions.SectionName}:Partners:{key}:{(string.IsNullOrWhiteSpace(partner.Crl) ? "FetchCrl" : "Crl")}";
            var jurisdiction = JurisdictionCode.Parse(key);
            var candidates = anchors.ByJurisdiction.GetValueOrDefault(jurisdiction)
                ?? throw new StartupException(setting, $"{key} has no pinned anchor to check its CRL with.");
            var held = _held.GetValueOrDefault(jurisdiction.Value);

            (X509Certificate2? Anchor, CrlSnapshot? List) file = (null, null);
            if (!string.IsNullOrWhiteSpace(partner.Crl))
            {
                file = Read(partner.Crl, candidates, out var problem);
                if (file.List is null)
                {
                    throw new StartupException(setting, $"'{partner.Crl}': {problem}.");
                }
            }

            (X509Certificate2? Anchor, CrlSnapshot? List) fetched = (null, null);
            if (partner.FetchCrl)
            {
                _fetchAnchors[jurisdiction] = candidates;
                fetched = ReadFetched(jurisdiction, candidates, held);
            }

            // The newer of the two is in force: a fetched list normally runs ahead of a file an operator copied once.
            var fromFetch = fetched.List is not null && (file.List is null || file.List.IsOlderThan(fetched.List.Mark));
            var (anchor, list) = fromFetch ? fetched : file;
            if (list is null)
            {
                LogNoListYet(logger, key);
                continue;
            }

            if (held is not null && list.IsOlderThan(held))
            {
                throw new StartupException(setting,
                    $"'{partner.Crl}' is older than the list this node last held for {key} (cRLNumber {held.Number ?? "none"}, this update {held.ThisUpdate:yyyy-MM-dd'T'HH:mm:ss'Z'}): "
                    + "put the CA's current list in place; an older one could un-revoke a certificate.");
            }

            if (candidates.Count > 1)
            {
                // During a CA rollover a partner has two anchors; one list speaks only for the CA that signed it.
                logger.LogWarning("{Partner} has {Count} pinned anchors; its revocation list ({Path}) covers only certificates issued by {Subject}", key, candidates.Count,
                    partner.Crl ?? FetchedPath(jurisdiction), anchor!.Subject);
            }

            var source = new Source(jurisdiction, string.IsNullOrWhiteSpace(partner.Crl) ? null : partner.Crl, anchor!, list)
            {
                WasStale = IsStale(list, now),
                FromFetch = fromFetch,
                FileDigest = file.List?.Digest,
            };
            _sources[jurisdiction] = source;
            _held[jurisdiction.Value] = list.Mark;
            LogLoaded(logger, jurisdiction.Value, list.Count, list.ThisUpdate, list.NextUpdate);
            if (source.WasStale)
            {
                LogStale(logger, jurisdiction.Value, list.NextUpdate, source.Where, _whenStale);
            }
        }

        if (_configured)
        {
            WriteState();
        }
    }

    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>The lists held, for operators (health check, logs).</summary>
    public IReadOnlyCollection<Source> Sources => [.. _sources.Values];

    /// <summary>Whether any partner has a list configured or fetched (else nothing is ever checked, nor looked at).</summary>
    public bool IsConfigured => _configured;

    /// <summary>The partners whose lists are fetched from them ("Federation:Partners:J:FetchCrl").</summary>
    public IReadOnlyCollection<JurisdictionCode> FetchedPartners => _fetchAnchors.Keys;

    /// <summary>Why the last list fetched from a partner was refused, while no good one has followed it.</summary>
    public IReadOnlyDictionary<JurisdictionCode, string> FetchProblems => _fetchProblems;

    public string? Problem(JurisdictionCode jurisdiction, X509Certificate2 certificate, X509Certificate2 issuer, DateTimeOffset now, bool acceptStale = false)
    {
        if (!_sources.TryGetValue(jurisdiction, out var source) || !source.Anchor.RawDataMemory.Span.SequenceEqual(issuer.RawDataMemory.Span))
        {
            // No list configured or fetched yet for the partner, or a certificate an intermediate issued: the CA's list does not speak for it.
            return null;
        }

        var list = source.Current;
        if (list.RevokedAt(certificate) is { } revokedAt)
        {
            return $"it was revoked by {jurisdiction}'s CA at {revokedAt:yyyy-MM-dd'T'HH:mm:ss'Z'} (CRL of {list.ThisUpdate:yyyy-MM-dd'T'HH:mm:ss'Z'})";
        }

        if (!acceptStale && _whenStale == StaleCrlPolicy.FailClosed && IsStale(list, now))
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
        lock (_lock)
        {
            foreach (var source in _sources.Values)
            {
                if (source.Path is not null)
                {
                    ReloadFile(source, changes);
                }

                var stale = IsStale(source.Current, now);
                if (stale != source.WasStale)
                {
                    source.WasStale = stale;
                    if (stale)
                    {
                        LogStale(_logger, source.Jurisdiction.Value, source.Current.NextUpdate, source.Where, _whenStale);
                        changes.Add(new TrustChange(source.Jurisdiction, Core.Audit.AuditKinds.RevocationListStale,
                            $"next update was due {source.Current.NextUpdate:yyyy-MM-dd'T'HH:mm:ss'Z'}; policy {_whenStale}"));
                    }
                }
            }

            if (changes.Count > 0)
            {
                Interlocked.Increment(ref _generation);
            }
        }

        return changes;
    }

    /// <summary>
    /// A list <paramref name="partner"/> served (Peer.GetRevocationList): taken when it is its CA's, newer than the one held
    /// and within the size cap; kept in the data folder first, so a restart starts from it. Otherwise refused, and the
    /// list held stays in force. Returns what an operator should know (nothing when it is the list held already).
    /// </summary>
    public IReadOnlyList<TrustChange> Offer(JurisdictionCode partner, byte[] bytes, DateTimeOffset now)
    {
        if (!_fetchAnchors.TryGetValue(partner, out var candidates))
        {
            return [];
        }

        lock (_lock)
        {
            _sources.TryGetValue(partner, out var source);
            if (bytes.Length > _maxFetchedBytes)
            {
                return RefuseFetched(partner, $"it is {bytes.Length} bytes, more than the {_maxFetchedBytes} {RevocationOptions.SectionName}:MaxFetchedBytes allows");
            }

            var (anchor, list) = Parse(bytes, source is null ? candidates : [source.Anchor], out var problem);
            if (list is null)
            {
                return RefuseFetched(partner, problem!);
            }

            if (source is not null && list.Digest == source.Current.Digest)
            {
                _fetchProblems.TryRemove(partner, out _);
                return [];
            }

            var held = source?.Current.Mark ?? _held.GetValueOrDefault(partner.Value);
            if (held is not null && list.IsOlderThan(held))
            {
                return RefuseFetched(partner,
                    $"it is older than the list held (cRLNumber {list.Number?.ToString() ?? "none"} against {held.Number ?? "none"}, this update {list.ThisUpdate:yyyy-MM-dd'T'HH:mm:ss'Z'}), "
                    + "or reuses its cRLNumber with other content: refused, so that an old copy cannot un-revoke a certificate");
            }

            // Kept before it is used: a list in force that a restart would forget could be replaced by the older file.
            KeepFetched(partner, list);
            var replaced = source?.Current;
            if (source is null)
            {
                source = new Source(partner, null, anchor!, list);
                _sources[partner] = source;
            }
            else
            {
                source.Current = list;
            }

            source.FromFetch = true;
            source.WasStale = IsStale(list, now);
            _fetchProblems.TryRemove(partner, out _);
            _held[partner.Value] = list.Mark;
            WriteState();
            Interlocked.Increment(ref _generation);
            LogFetched(_logger, partner.Value, list.Count, list.ThisUpdate, list.NextUpdate);
            return [new TrustChange(partner, Core.Audit.AuditKinds.RevocationListFetched,
                $"{Describe(list)}; replaces {(replaced is null ? "no list" : $"cRLNumber {replaced.Number?.ToString() ?? "none"} of {replaced.ThisUpdate:yyyy-MM-dd'T'HH:mm:ss'Z'}")}")];
        }
    }

    private List<TrustChange> RefuseFetched(JurisdictionCode partner, string problem)
    {
        // Told once per distinct problem: a partner serving the same bad list at every fetch is one entry, not one per interval.
        if (_fetchProblems.TryGetValue(partner, out var last) && last == problem)
        {
            return [];
        }

        _fetchProblems[partner] = problem;
        LogRefused(_logger, partner.Value, $"{partner}'s peer service", problem);
        return [new TrustChange(partner, Core.Audit.AuditKinds.RevocationListRefused, $"fetched from {partner}: {problem}; the last good list is kept")];
    }

    private void ReloadFile(Source source, List<TrustChange> changes)
    {
        var (_, list) = TryReadChanged(source, out var problem);
        if (problem is null && list is null)
        {
            // The file holds the list already in force again, or one behind the list fetched since.
            source.LastProblem = null;
        }
        else if (problem is not null)
        {
            if (source.LastProblem != problem)
            {
                source.LastProblem = problem;
                LogRefused(_logger, source.Jurisdiction.Value, source.Path!, problem);
                changes.Add(new TrustChange(source.Jurisdiction, Core.Audit.AuditKinds.RevocationListRefused, $"{source.Path}: {problem}; the last good list is kept"));
            }
        }
        else if (list is not null)
        {
            source.LastProblem = null;
            source.Current = list;
            source.FromFetch = false;
            source.FileDigest = list.Digest;
            _held[source.Jurisdiction.Value] = list.Mark;
            WriteState();
            LogLoaded(_logger, source.Jurisdiction.Value, list.Count, list.ThisUpdate, list.NextUpdate);
            changes.Add(new TrustChange(source.Jurisdiction, Core.Audit.AuditKinds.RevocationListLoaded, Describe(list)));
        }
    }

    private static string Describe(CrlSnapshot list) =>
        $"{list.Count} revoked; this update {list.ThisUpdate:yyyy-MM-dd'T'HH:mm:ss'Z'}; next {list.NextUpdate?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? "none"}; sha256 {list.Digest[..16]}";

    private static Dictionary<string, CrlMark> ReadState(string? stateFile)
    {
        if (stateFile is null || !File.Exists(stateFile))
        {
            return new(StringComparer.Ordinal);
        }

        try
        {
            var read = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, CrlMark>>(File.ReadAllText(stateFile));
            return read is null ? new(StringComparer.Ordinal) : new(read, StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            throw new StartupException(NodeOptions.SectionName + ":DataDirectory", $"'{stateFile}' (the newest revocation lists held) cannot be read: {ex.Message}. Restore it or delete it to accept the lists now configured.");
        }
    }

    /// <summary>
    /// Written beside the store, replaced whole (a temporary file moved into place), after every list taken. Partners
    /// whose list is no longer configured keep their mark: configuring it again must not accept an older list.
    /// </summary>
    private void WriteState()
    {
        if (_stateFile is null)
        {
            return;
        }

        var temporary = _stateFile + ".new";
        File.WriteAllText(temporary, System.Text.Json.JsonSerializer.Serialize(_held));
        File.Move(temporary, _stateFile, overwrite: true);
    }

    private string? FetchedPath(JurisdictionCode partner) => _fetchedDirectory is null ? null : System.IO.Path.Combine(_fetchedDirectory, $"{partner.Value}.crl");

    private void KeepFetched(JurisdictionCode partner, CrlSnapshot list)
    {
        if (FetchedPath(partner) is not { } path)
        {
            return;
        }

        Directory.CreateDirectory(_fetchedDirectory!);
        var temporary = path + ".new";
        File.WriteAllBytes(temporary, list.Der);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// The list fetched before the last stop. Ours, but checked like any list: one that no longer verifies, or is older
    /// than the mark held, is left aside (logged) and the next fetch replaces it.
    /// </summary>
    private (X509Certificate2? Anchor, CrlSnapshot? List) ReadFetched(JurisdictionCode partner, IReadOnlyList<X509Certificate2> candidates, CrlMark? held)
    {
        if (FetchedPath(partner) is not { } path || !File.Exists(path))
        {
            return (null, null);
        }

        var (anchor, list) = Read(path, candidates, out var problem);
        if (list is not null && held is not null && list.IsOlderThan(held))
        {
            problem = "it is older than the list this node last held";
            list = null;
        }

        if (list is null)
        {
            LogFetchedSetAside(_logger, partner.Value, path, problem ?? "unknown");
            return (null, null);
        }

        return (anchor, list);
    }

    private static bool IsStale(CrlSnapshot list, DateTimeOffset now) => list.NextUpdate is { } next && now > next;

    private (X509Certificate2? Anchor, CrlSnapshot? List) TryReadChanged(Source source, out string? problem)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(source.Path!);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot be read ({ex.GetType().Name})";
            return (null, null);
        }

        // Compared over the DER: the same list rewritten as PEM (or the other way round) is not a new list. (A finding:
        // the file's own digest made a format change look like a list reusing its cRLNumber with other content.)
        string digest;
        try
        {
            digest = CrlSnapshot.DigestOf(CrlSnapshot.ToDer(bytes));
        }
        catch (FormatException)
        {
            digest = string.Empty;
        }

        if (digest == source.Current.Digest || digest == source.FileDigest)
        {
            problem = null;
            return (null, null);
        }

        var (anchor, list) = Parse(bytes, [source.Anchor], out problem);
        if (list is not null && list.IsOlderThan(source.Current.Mark))
        {
            if (source.FromFetch)
            {
                // The file lags behind the list fetched from the partner since: nothing is wrong, the newer list stays.
                source.FileDigest = list.Digest;
                LogFileBehind(_logger, source.Jurisdiction.Value, source.Path!);
                problem = null;
                return (null, null);
            }

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
            catch (FormatException ex)
            {
                // A PEM block whose base64 is broken.
                problem = $"it is not a certificate revocation list (PEM or DER): {ex.Message}";
            }
        }

        return (null, null);
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Revocation list of {Partner} loaded: {Count} revoked, this update {ThisUpdate:o}, next update {NextUpdate:o}")]
    private static partial void LogLoaded(ILogger logger, string partner, int count, DateTimeOffset thisUpdate, DateTimeOffset? nextUpdate);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Revocation list of {Partner} refused from {Path}: {Problem}; the last good list is kept")]
    private static partial void LogRefused(ILogger logger, string partner, string path, string problem);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "Revocation list of {Partner} ({Path}) is stale: its next update was due {NextUpdate:o}; put the CA's new list in place, or let it be fetched. Under {Policy} its certificates are judged on the stale list")]
    private static partial void LogStale(ILogger logger, string partner, DateTimeOffset? nextUpdate, string path, StaleCrlPolicy policy);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Information, Message = "Revocation list of {Partner} fetched and taken: {Count} revoked, this update {ThisUpdate:o}, next update {NextUpdate:o}")]
    private static partial void LogFetched(ILogger logger, string partner, int count, DateTimeOffset thisUpdate, DateTimeOffset? nextUpdate);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Warning, Message = "No revocation list of {Partner} is held yet: its certificates are not checked for revocation until its first list is fetched")]
    private static partial void LogNoListYet(ILogger logger, string partner);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Warning, Message = "The revocation list of {Partner} kept at {Path} is set aside: {Problem}; the next fetch replaces it")]
    private static partial void LogFetchedSetAside(ILogger logger, string partner, string path, string problem);

    [LoggerMessage(EventId = 1307, Level = LogLevel.Information, Message = "The revocation list of {Partner} at {Path} is behind the one fetched from it: the fetched list stays in force")]
    private static partial void LogFileBehind(ILogger logger, string partner, string path);

    /// <summary>One partner's list in force, and where it comes from.</summary>
    public sealed class Source(JurisdictionCode jurisdiction, string? path, X509Certificate2 anchor, CrlSnapshot current)
    {
        public JurisdictionCode Jurisdiction { get; } = jurisdiction;

        /// <summary>The configured file ("Federation:Partners:J:Crl"); null when the list is only fetched.</summary>
        public string? Path { get; } = path;

        public X509Certificate2 Anchor { get; } = anchor;

        public CrlSnapshot Current { get; set; } = current;

        /// <summary>Whether <see cref="Current"/> was fetched from the partner rather than read from the file.</summary>
        public bool FromFetch { get; set; }

        /// <summary>The DER digest of the list last read from the file, so a file that lags behind a fetched list is read once, not at every reload.</summary>
        public string? FileDigest { get; set; }

        /// <summary>Where the list in force came from, for operators.</summary>
        public string Where => FromFetch || Path is null ? $"the list fetched from {Jurisdiction}" : Path;

        public bool WasStale { get; set; }

        public string? LastProblem { get; set; }
    }
}
