namespace Federation.Transparency;

/// <summary>One signature line of a signed note: "— name base64(keyId || signature)".</summary>
public sealed record NoteSignature(string KeyName, uint KeyId, byte[] Signature);
