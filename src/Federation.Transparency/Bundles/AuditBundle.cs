namespace Federation.Transparency.Bundles;

/// <summary>
/// What an auditor gets: a self-contained export of leaves [<see cref="From"/>, <see cref="To"/>) of one log, with
/// the signed checkpoints that cover them and the proofs that tie them together, so that
/// <see cref="BundleVerifier"/> (or a verifier of the auditor's own, from the README's description) needs nothing
/// else. Every hash is lowercase hex; checkpoints are C2SP signed notes, exactly as signed.
/// </summary>
public sealed record AuditBundle
{
    public const string CurrentFormat = "federation-audit-bundle/v1";

    public required string Format { get; init; }

    /// <summary>The log's name: the checkpoints' origin line and the signing key's name.</summary>
    public required string Origin { get; init; }

    /// <summary>The log's public keys as note keys (NAME+KEYID+BASE64); more than one after a key rotation.</summary>
    public required IReadOnlyList<string> Keys { get; init; }

    public required long From { get; init; }

    public required long To { get; init; }

    /// <summary>
    /// The roots of the complete subtrees that make up leaves [0, From), largest first: one per set bit of From.
    /// With them the tree is recomputed from leaf From on. They are not trusted on their own: every root they lead
    /// to is compared with a signed checkpoint.
    /// </summary>
    public required IReadOnlyList<string> LeftEdge { get; init; }

    public required IReadOnlyList<BundleLeaf> Leaves { get; init; }

    /// <summary>Signed notes, by increasing size: the last at or before From, every one inside, the first at or after To.</summary>
    public required IReadOnlyList<string> Checkpoints { get; init; }

    /// <summary>RFC 9162 consistency proofs between consecutive checkpoints, and from To to the first checkpoint after it.</summary>
    public required IReadOnlyList<BundleConsistency> Consistency { get; init; }

    /// <summary>Leaves outside the range the auditor asked about (a receipt's), each with its inclusion proof.</summary>
    public required IReadOnlyList<BundleInclusion> Inclusions { get; init; }

    /// <summary>
    /// Partners' receipts for messages this log sent (<see cref="BundleHeldReceipt"/>), by increasing leaf. Optional
    /// within format v1: absent (never empty) when the node holds none, so a bundle without receipts is byte for byte
    /// what it was, and a verifier from before the field refuses a bundle with it (an unknown member) rather than
    /// skipping it unchecked.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<BundleHeldReceipt>? Receipts { get; init; }
}
