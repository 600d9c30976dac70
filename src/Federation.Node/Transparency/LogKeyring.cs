using System.Security.Cryptography.X509Certificates;
using Federation.Core.Identity;
using Federation.Core.Transparency;
using Federation.Node.Hosting;
using Federation.Node.Security;
using Federation.Transparency;

namespace Federation.Node.Transparency;

/// <summary>
/// The log signs with the node's key (its certificate's ECDSA key; startup refuses any other). A rotated identity
/// brings a new key, and every checkpoint signed before stays signed by the old one: the public keys the log has
/// used are kept, one note key a line, in the data folder's "audit-log-keys", so that an export carries them all.
/// The certificates this process signed with are remembered too: until a checkpoint is signed with the new key, the
/// latest one is still the old key's, and a partner must be shown the certificate that vouches for that key.
/// </summary>
public sealed class LogKeyring : ILogKeys
{
    private readonly string _name;
    private readonly string _file;
    private readonly Lock _lock = new();
    private NoteSigner _current;
    private List<NoteKey> _all;
    private List<(NoteKey Key, byte[] Certificate)> _certificates = [];

    public LogKeyring(NodeIdentity identity, NodeRuntime runtime, LocalNode node)
    {
        _name = AuditLogName.Of(node.Jurisdiction);
        _file = Path.Combine(runtime.DataDirectory, "audit-log-keys");
        _all = File.Exists(_file)
            ? [.. File.ReadAllLines(_file).Where(l => l.Length > 0).Select(NoteKey.Parse)]
            : [];
        _current = Use(identity.Current);
        identity.Rotated += certificate => Use(certificate);
    }

    public NoteSigner Current => Volatile.Read(ref _current);

    public IReadOnlyList<NoteKey> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _all];
            }
        }
    }

    /// <summary>
    /// The certificate (DER) whose key made one of <paramref name="note"/>'s signatures under the log's name, among those
    /// this process signed with; null when none did (a note from before the last start, or not ours).
    /// </summary>
    public byte[]? CertificateFor(SignedNote note)
    {
        List<(NoteKey Key, byte[] Certificate)> known;
        lock (_lock)
        {
            known = _certificates;
        }

        return known.LastOrDefault(c => note.Signatures.Any(s => string.Equals(s.KeyName, _name, StringComparison.Ordinal) && s.KeyId == c.Key.KeyId
            && c.Key.Verify(note.Text, s.Signature))).Certificate;
    }

    /// <summary>
    /// Signs with <paramref name="certificate"/>'s key from now on (the node identity's rotation calls it). Internal so
    /// that a test can stand for a node whose key store was tampered with: the keyring trusts what it is given, and
    /// it is partners who check the certificate against the jurisdiction's anchor.
    /// </summary>
    internal NoteSigner Use(X509Certificate2 certificate)
    {
        var key = certificate.GetECDsaPrivateKey()
            ?? throw new StartupException("Federation:Peer:KeyPath", "the node key must be an ECDSA private key: it signs the audit log's checkpoints.");
        var signer = new NoteSigner(_name, key);
        lock (_lock)
        {
            if (!_all.Any(k => k.KeyId == signer.PublicKey.KeyId))
            {
                // Written before the key signs anything, so no checkpoint is ever signed by a key the file lacks.
                File.AppendAllLines(_file, [signer.PublicKey.ToString()]);
                _all = [.. _all, signer.PublicKey];
            }

            _certificates = [.. _certificates.Where(c => c.Key.KeyId != signer.PublicKey.KeyId), (signer.PublicKey, certificate.RawData)];
            Volatile.Write(ref _current, signer);
        }

        return signer;
    }
}
