using Federation.Core.Treaties;

namespace Federation.Node.Tests;

/// <summary>The real treaty store, with a fault that can be switched on for one read of the versions.</summary>
public sealed class FaultyTreatyStore(ITreatyStore inner, TreatyStoreFault fault) : ITreatyStore
{
    public Task<IReadOnlyList<TreatyVersionRecord>> ListVersionsAsync(CancellationToken cancellationToken)
    {
        fault.OnRead();
        return inner.ListVersionsAsync(cancellationToken);
    }

    public Task<TreatyVersionRecord?> FindVersionAsync(string treatyId, int version, CancellationToken cancellationToken) =>
        inner.FindVersionAsync(treatyId, version, cancellationToken);

    public void AddVersion(TreatyVersionRecord version) => inner.AddVersion(version);

    public Task<IReadOnlyList<TreatySignature>> ListSignaturesAsync(CancellationToken cancellationToken) => inner.ListSignaturesAsync(cancellationToken);

    public Task<TreatySignature?> FindSignatureAsync(string treatyId, int version, string jurisdiction, CancellationToken cancellationToken) =>
        inner.FindSignatureAsync(treatyId, version, jurisdiction, cancellationToken);

    public void AddSignature(TreatySignature signature) => inner.AddSignature(signature);
}
