using Federation.Transparency;

namespace Federation.Core.Transparency;

/// <summary>The keys of this node's log: the one that signs now, and every public key it ever signed with (identities rotate).</summary>
public interface ILogKeys
{
    /// <summary>Signs checkpoints (and receipts) under the log's name with the node's current key.</summary>
    NoteSigner Current { get; }

    /// <summary>Every key the log has signed with, oldest first, the current one included.</summary>
    IReadOnlyList<NoteKey> All { get; }
}
