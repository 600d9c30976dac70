namespace Federation.Transparency.Bundles;

/// <summary>A held receipt that matched its leaf; <see cref="SignatureVerified"/> when a key of the partner's log was given to check it.</summary>
public sealed record HeldReceiptCheck(long Leaf, LogReceipt Receipt, bool SignatureVerified);
