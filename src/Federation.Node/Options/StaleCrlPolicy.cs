namespace Federation.Node.Options;

/// <summary>What a partner's certificates are worth once its CRL is past its nextUpdate and no newer one has come.</summary>
public enum StaleCrlPolicy
{
    /// <summary>Refused, as revoked ones are: a stale list can no longer say which certificates were withdrawn since.</summary>
    FailClosed,

    /// <summary>Accepted on the last list held, with a warning: for a partner whose CA is known to publish late.</summary>
    FailOpen,
}
