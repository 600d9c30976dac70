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
/// </summary>
public sealed class LogKeyring : ILogKeys
{
    private readonly string _name;
    private readonly string _file;
    private readonly Lock _lock = new();
    private NoteSigner _current;
    private List<NoteKey> _all;

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

    private NoteSigner Use(X509Certificate2 certificate)
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

            Volatile.Write(ref _current, signer);
        }

        return signer;
    }
}
