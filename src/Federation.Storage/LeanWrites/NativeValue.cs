namespace Federation.Storage.LeanWrites;

/// <summary>Which of SQLite's storage classes a column's provider value is bound as, or None when only ADO.NET may bind it.</summary>
internal enum NativeValue
{
    None,
    Integer,
    Real,
    Text,
    Blob,
}
