using System.Globalization;

namespace Federation.Transparency.Bundles;

/// <summary>A bundle's checkpoints: each opened with the log's keys (and its witnesses' cosignatures checked), in increasing size, covering the range.</summary>
internal static class BundleCheckpoints
{
    public static List<BundleCheckpoint> Read(AuditBundle bundle, IReadOnlyList<NoteKey> keys, IReadOnlyList<NoteKey> witnesses)
    {
        var checkpoints = new List<BundleCheckpoint>();
        for (var i = 0; i < bundle.Checkpoints.Count; i++)
        {
            SignedNote note;
            Checkpoint checkpoint;
            try
            {
                note = SignedNote.Parse(bundle.Checkpoints[i]);
                checkpoint = Checkpoint.Parse(note.Text);
                // Base64 that decodes alike when spelled otherwise (its unused last bits) would let a changed byte pass.
                if (note.Format() != bundle.Checkpoints[i])
                {
                    throw new FormatException("the note is not in its canonical form (its signature lines re-encode otherwise).");
                }
            }
            catch (FormatException ex)
            {
                throw new BundleException($"checkpoint {i} ($.checkpoints[{i}])", ex.Message);
            }

            var place = $"checkpoint {i} (size {checkpoint.Size})";
            if (checkpoint.Origin != bundle.Origin)
            {
                throw new BundleException(place, $"it is of log {checkpoint.Origin}, not {bundle.Origin}.");
            }

            var own = note.Signatures.Where(s => s.KeyName == bundle.Origin && keys.Any(k => k.KeyId == s.KeyId)).ToList();
            if (own.Count == 0)
            {
                throw new BundleException(place, $"it carries no signature of the log's keys ({string.Join(", ", keys.Select(k => k.KeyId.ToString("x8", CultureInfo.InvariantCulture)))}).");
            }

            if (!own.All(s => keys.Where(k => k.KeyId == s.KeyId).Any(k => k.Verify(note.Text, s.Signature))))
            {
                throw new BundleException(place, "its signature fails.");
            }

            var witnessed = new List<string>();
            foreach (var witness in witnesses)
            {
                var cosignature = note.Signatures.FirstOrDefault(s => s.KeyName == witness.Name && s.KeyId == witness.CosignatureKeyId);
                if (cosignature is null)
                {
                    continue;
                }

                if (Cosignature.Verify(checkpoint, cosignature, witness) is null)
                {
                    throw new BundleException(place, $"the cosignature of witness {witness.Name} fails.");
                }

                witnessed.Add(witness.Name);
            }

            if (checkpoints.Count > 0 && checkpoint.Size < checkpoints[^1].Checkpoint.Size)
            {
                throw new BundleException(place, $"it comes after a checkpoint of size {checkpoints[^1].Checkpoint.Size}: checkpoints are in increasing size.");
            }

            checkpoints.Add(new BundleCheckpoint(checkpoint, [.. note.Signatures.Select(s => s.KeyName).Where(n => n != bundle.Origin).Distinct()], witnessed));
        }

        if (checkpoints.Count == 0 || checkpoints[^1].Checkpoint.Size < bundle.To)
        {
            var last = checkpoints.Count == 0 ? 0 : checkpoints[^1].Checkpoint.Size;
            throw new BundleException("$.checkpoints", $"leaves [{Math.Max(last, bundle.From)}, {bundle.To}) are covered by no checkpoint: a leaf no signature covers proves nothing.");
        }

        return checkpoints;
    }
}
