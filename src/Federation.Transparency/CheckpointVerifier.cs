namespace Federation.Transparency;

/// <summary>Opens a signed checkpoint: the log's own signature must verify, or the checkpoint is nothing.</summary>
public static class CheckpointVerifier
{
    /// <exception cref="FormatException">The note is malformed, unsigned by the log's key, or its signature fails.</exception>
    public static Checkpoint Open(string signedNote, NoteKey logKey)
    {
        var note = SignedNote.Parse(signedNote);
        return Open(note, logKey);
    }

    public static Checkpoint Open(SignedNote note, NoteKey logKey)
    {
        var checkpoint = Checkpoint.Parse(note.Text);
        if (!string.Equals(checkpoint.Origin, logKey.Name, StringComparison.Ordinal))
        {
            throw new FormatException($"The checkpoint is of log {checkpoint.Origin}, not {logKey.Name}.");
        }

        // c2sp: signatures of unknown keys are ignored; one of a known key that fails rejects the note.
        var known = note.Signatures.Where(s => string.Equals(s.KeyName, logKey.Name, StringComparison.Ordinal) && s.KeyId == logKey.KeyId).ToList();
        if (known.Count == 0)
        {
            throw new FormatException($"The checkpoint carries no signature of {logKey.Name}'s key {logKey.KeyId:x8}.");
        }

        if (!known.All(s => logKey.Verify(note.Text, s.Signature)))
        {
            throw new FormatException($"The signature of {logKey.Name} on the checkpoint does not verify.");
        }

        return checkpoint;
    }
}
