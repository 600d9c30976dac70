namespace Federation.Storage;

/// <summary>Where the store is and the largest it may grow (null: as far as the disk allows).</summary>
public sealed record StoreLocation(string ConnectionString, long? MaxBytes);
