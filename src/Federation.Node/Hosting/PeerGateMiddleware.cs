using Federation.Core;
using Federation.Core.Audit;
using Federation.Core.Identity;
using Federation.Node.Interceptors;
using Federation.Node.Security;
using Grpc.Core;

namespace Federation.Node.Hosting;

/// <summary>
/// The border: keeps each listener to its own services, and on the peer listener lets no request
/// through without a certificate that speaks for a pinned jurisdiction. A refused certificate is
/// answered with a status that says why, and audited once per certificate.
/// </summary>
public sealed partial class PeerGateMiddleware(RequestDelegate next, PeerIdentityResolver identities, IServiceScopeFactory scopes,
    RefusalAuditThrottle throttle, Peers.PeerSuspensions suspensions, Peers.PeerLimiter limiter, TimeProvider timeProvider, ILogger<PeerGateMiddleware> logger)
{
    public const string IdentityItem = "federation.peer";

    /// <summary>The envelopes a DeliverBatch call declared (and was counted for), for the service to hold it to.</summary>
    public const string DeclaredBatchSizeItem = "federation.batch-size";

    private const string DeliverBatchPath = "/federation.v1.Peer/DeliverBatch";

    // No reflection on the peer port: partners need the peer contract, not a map of the admin API.
    private static readonly string[] PeerPaths = ["/federation.v1.Peer/", "/grpc.health.v1.Health/"];

    // Fetching our list is how a partner whose list of us went stale gets a fresh one, and we may hold a stale list of it
    // at the same time: if both refused for staleness, neither could ever recover.
    private const string RevocationListPath = "/federation.v1.Peer/GetRevocationList";
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _lastAnonymousAudit = new(StringComparer.Ordinal);

    private static readonly string[] AdminPaths =
    [
        "/federation.v1.NodeAdmin/", "/federation.v1.CaseAdmin/", "/federation.v1.TreatyAdmin/", "/federation.v1.EmbargoAdmin/",
        "/federation.v1.PeerAdmin/", "/federation.v1.DeliveryAdmin/", "/federation.v1.EventAdmin/", "/federation.v1.PublicationAdmin/", "/federation.v1.IntakeAdmin/",
        "/federation.v1.QuarantineAdmin/",
        "/federation.v1.AuditAdmin/", "/federation.v1.ForkAdmin/",
        "/grpc.health.v1.Health/", "/grpc.reflection.",
    ];

    public async Task InvokeAsync(HttpContext context)
    {
        var listener = Listener.Of(context);
        var path = context.Request.Path.Value ?? string.Empty;
        if (listener == Listener.Public)
        {
            // The public face serves pages and files, never a gRPC service (not even health or reflection). Routing
            // matches paths without regard to case, so the endpoint it chose is what is checked, not the spelling.
            if (context.GetEndpoint()?.Metadata.GetMetadata<global::Grpc.AspNetCore.Server.GrpcMethodMetadata>() is not null
                || path.StartsWith("/federation.", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/grpc.", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await next(context);
            return;
        }

        var allowed = listener switch
        {
            Listener.Peer => PeerPaths,
            Listener.Admin => AdminPaths,
            _ => [],
        };
        if (!allowed.Any(p => path.StartsWith(p, StringComparison.Ordinal)))
        {
            // The admin surface does not exist on the peer port, and the other way round.
            await GrpcErrorResponse.WriteAsync(context, StatusCode.Unimplemented, $"{path} is not served on this listener.");
            return;
        }

        if (listener == Listener.Peer)
        {
            PeerIdentity identity;
            var isNew = false;
            try
            {
                identity = identities.Resolve(context.Connection.ClientCertificate, out isNew, acceptStaleRevocationList: path == RevocationListPath);
            }
            catch (FederationException ex)
            {
                await RefuseAsync(context, ex, audit: isNew && ShouldAudit(context));
                return;
            }

            if (suspensions.IsSuspended(identity.Jurisdiction))
            {
                // Refused before anything of the call is read: a suspended partner costs a header, not a verification.
                await RefusePartnerAsync(context, identity, path, AuditKinds.PeerSuspendedCall, new FederationException(ErrorCode.PartnerSuspended,
                    $"This node has suspended {identity.Jurisdiction}: nothing from it is accepted until its operators resume it; keep the messages and try again later."),
                    retryDelay: null);
                return;
            }

            // A batch counts as the envelopes it declares, against the messages a second: known from a header, before its body is read.
            var messages = 1;
            if (path == DeliverBatchPath)
            {
                if (!TryDeclaredBatchSize(context, out messages))
                {
                    await GrpcErrorResponse.WriteAsync(context, StatusCode.InvalidArgument,
                        $"A DeliverBatch call declares how many envelopes it carries in its {Peers.PeerClient.BatchSizeHeader} header (1 to {Options.PeerListenerOptions.EnvelopesPerCallLimit}).");
                    return;
                }

                context.Items[DeclaredBatchSizeItem] = messages;
            }

            // Health is how a partner's monitoring sees that we are up: it is neither limited nor counted.
            using var admission = path.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal) ? null : limiter.Admit(identity.Jurisdiction, messages);
            if (admission is { Admitted: false })
            {
                if (admission.Hold > TimeSpan.Zero && !await TarpitAsync(admission.Hold, context.RequestAborted))
                {
                    return;
                }

                var seconds = admission.RetryAfter.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
                await RefusePartnerAsync(context, identity, path, AuditKinds.PeerLimited, new FederationException(ErrorCode.ResourceExhausted,
                    $"{identity.Jurisdiction} is past its limit of {admission.Refusal} at this node; retry in {seconds} s (RetryInfo)."),
                    admission.RetryAfter);
                return;
            }

            context.Items[IdentityItem] = identity;
            await next(context);
            await AuditUnreadableAsync(context, identity, path);
            return;
        }

        await next(context);
    }

    private static bool TryDeclaredBatchSize(HttpContext context, out int size) =>
        int.TryParse(context.Request.Headers[Peers.PeerClient.BatchSizeHeader].ToString(), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out size)
        && size is >= 1 and <= Options.PeerListenerOptions.EnvelopesPerCallLimit;

    /// <summary>
    /// A message refused before any service code ran (bytes that are not protobuf, a message over the size limit) is
    /// still a partner's act: audited with its identity, at most once a minute per partner and kind, with the count.
    /// </summary>
    private async Task AuditUnreadableAsync(HttpContext context, PeerIdentity identity, string path)
    {
        string kind;
        string detail;
        if (context.Items.TryGetValue(Grpc.UndecodableMessage.ItemKey, out var parseError))
        {
            kind = AuditKinds.PeerUndecodable;
            detail = $"refused undecodable request (INVALID_ARGUMENT): {parseError}";
        }
        else if (GrpcValue(context, "grpc-status") == "8"
                 && GrpcValue(context, "grpc-message")?.StartsWith("Received message exceeds the maximum", StringComparison.Ordinal) == true)
        {
            kind = AuditKinds.PeerOversized;
            detail = $"refused a message larger than the limit (RESOURCE_EXHAUSTED), {context.Request.ContentLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"} bytes announced";
        }
        else
        {
            return;
        }

        // Logged when audited only: a flood must not become a flood of log lines either.
        if (!throttle.ShouldAudit($"{identity.Jurisdiction}|{kind}", out var suppressed))
        {
            return;
        }

        LogUnreadable(logger, identity.Jurisdiction.Value, kind, path, suppressed);
        await AuditPartnerRefusalAsync(identity, kind, path, detail, suppressed);
    }

    /// <summary>One audit entry for a partner's refused call, naming how many like it the throttle counted before it.</summary>
    private async Task AuditPartnerRefusalAsync(PeerIdentity identity, string kind, string path, string detail, int suppressed)
    {
        if (suppressed > 0)
        {
            detail += $"; {suppressed} more of the same from {identity.Jurisdiction} in the minute before were counted, not audited one by one";
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IAuditLog>().AppendNowAsync(
                AuditEntry.Create(timeProvider, kind, identity.Jurisdiction.Value, path, "rejected", detail), CancellationToken.None);
        }
        catch (Exception auditError) when (auditError is FederationException or OperationCanceledException)
        {
            LogAuditFailed(logger, auditError.Message);
        }
    }

    /// <summary>
    /// A partner that calls again inside the delay it was told is answered only after a hold (at least that delay, see
    /// <see cref="Options.PeerLimitsOptions.IgnoredRetryHold"/>): its refusals then cost a waiting task each, not a round trip
    /// as fast as it can loop, so ignoring RetryInfo cannot turn the refusals themselves into the flood that starves the
    /// other partners. A sender that honours RetryInfo never waits here.
    /// </summary>
    private async Task<bool> TarpitAsync(TimeSpan delay, CancellationToken aborted)
    {
        try
        {
            await Task.Delay(delay, timeProvider, aborted);
            return true;
        }
        catch (OperationCanceledException)
        {
            // The caller gave up: nothing to answer.
            return false;
        }
    }

    /// <summary>
    /// A known partner refused at the gate (suspended, past a limit): answered with the rich status, and audited through
    /// the throttle, so a flood of refusals becomes one entry a minute with the count of the others, never silence.
    /// </summary>
    private async Task RefusePartnerAsync(HttpContext context, PeerIdentity identity, string path, string kind, FederationException refusal, TimeSpan? retryDelay)
    {
        if (throttle.ShouldAudit($"{identity.Jurisdiction}|{kind}", out var suppressed))
        {
            LogPartnerRefused(logger, identity.Jurisdiction.Value, kind, path, suppressed);
            await AuditPartnerRefusalAsync(identity, kind, path, refusal.Message, suppressed);
        }

        await GrpcErrorResponse.WriteAsync(context, ErrorMapping.ToStatus(refusal, retryDelay));
    }

    // grpc-dotnet sends the status in the headers when no message was written (trailers-only), else in the trailers.
    private static string? GrpcValue(HttpContext context, string name)
    {
        if (context.Response.Headers.TryGetValue(name, out var header) && header.Count > 0)
        {
            return header[0];
        }

        var trailers = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseTrailersFeature>()?.Trailers;
        return trailers is not null && trailers.TryGetValue(name, out var trailer) && trailer.Count > 0 ? trailer[0] : null;
    }

    /// <summary>
    /// A refused caller is audited at most once a minute per address (and once per certificate verdict),
    /// so that a flood of bad connections or made-up certificates cannot flood the audit log.
    /// </summary>
    private bool ShouldAudit(HttpContext context)
    {
        // Per address, whatever the certificate: a caller minting certificates cannot flood the log.
        var remote = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var now = timeProvider.GetUtcNow();
        if (_lastAnonymousAudit.Count > 10_000)
        {
            _lastAnonymousAudit.Clear();
        }

        var last = _lastAnonymousAudit.GetValueOrDefault(remote, DateTimeOffset.MinValue);
        if (now - last < TimeSpan.FromMinutes(1))
        {
            return false;
        }

        _lastAnonymousAudit[remote] = now;
        return true;
    }

    private async Task RefuseAsync(HttpContext context, FederationException ex, bool audit)
    {
        var remote = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        LogPeerRefused(logger, remote, ErrorMapping.Reason(ex.Code), BoundedText.Of(ex.Message, BoundedText.StatusMessage));
        if (!audit)
        {
            await GrpcErrorResponse.WriteAsync(context, ErrorMapping.ToStatusCode(ex.Code), ex.Message);
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IAuditLog>().AppendNowAsync(
                AuditEntry.Create(timeProvider, AuditKinds.PeerRejected, $"remote:{remote}", context.Request.Path.Value, "rejected", ex.Message),
                context.RequestAborted);
        }
        catch (Exception auditError) when (auditError is FederationException or OperationCanceledException)
        {
            LogAuditFailed(logger, auditError.Message);
        }

        await GrpcErrorResponse.WriteAsync(context, ErrorMapping.ToStatusCode(ex.Code), ex.Message);
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Refused a peer connection from {Remote}: {Reason}: {Detail}")]
    private static partial void LogPeerRefused(ILogger logger, string remote, string reason, string detail);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Refused an unreadable request from {Jurisdiction}: {Kind} on {Path} ({Suppressed} more in the minute before)")]
    private static partial void LogUnreadable(ILogger logger, string jurisdiction, string kind, string path, int suppressed);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Refused a call from {Jurisdiction}: {Kind} on {Path} ({Suppressed} more in the minute before)")]
    private static partial void LogPartnerRefused(ILogger logger, string jurisdiction, string kind, string path, int suppressed);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "Could not audit a refused peer: {Error}")]
    private static partial void LogAuditFailed(ILogger logger, string error);
}
