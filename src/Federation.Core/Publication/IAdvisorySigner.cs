namespace Federation.Core.Publication;

/// <summary>
/// Signs an advisory's exact bytes for the provider's <c>.asc</c> file (CSAF 2.0 §7.1.19: a detached, ASCII-armoured
/// OpenPGP signature). A port: the OpenPGP implementation lives in the node, so Core stays free of crypto libraries,
/// while the signature is still made inside the publication's transaction.
/// </summary>
public interface IAdvisorySigner
{
    /// <summary>The signing key's OpenPGP v4 fingerprint, 40 upper-case hex digits (CSAF §7.1.20 lists it in provider-metadata.json).</summary>
    string Fingerprint { get; }

    /// <summary>When the key was made: provider-metadata's <c>last_updated</c> before anything is published.</summary>
    DateTimeOffset CreatedAt { get; }

    /// <summary>A detached signature over <paramref name="document"/>, ASCII-armoured (<c>-----BEGIN PGP SIGNATURE-----</c>).</summary>
    string SignDetached(byte[] document);
}
