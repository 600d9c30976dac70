namespace Federation.Storage.Transparency;

/// <summary>
/// A partner's certificate whose key verified checkpoints of its log that the witness kept (<see cref="Log"/>): once
/// per log and certificate, however many checkpoints it verified. Never updated: it is evidence.
/// </summary>
internal sealed class LogCertificateRow
{
    public long Id { get; set; }
    public string Log { get; set; } = string.Empty;

    /// <summary>The note key id of the certificate's key under the log's name, as a note's signature line names it.</summary>
    public long KeyId { get; set; }

    /// <summary>SHA-256 of <see cref="Der"/>: what tells two certificates apart.</summary>
    public byte[] Sha256 { get; set; } = [];

    public byte[] Der { get; set; } = [];

    /// <summary>The signed time of the first checkpoint it was kept with (the partner's clock: the store has no clock of its own).</summary>
    public DateTimeOffset FirstCheckpointAt { get; set; }
}
