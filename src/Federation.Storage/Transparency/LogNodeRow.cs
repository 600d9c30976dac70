namespace Federation.Storage.Transparency;

/// <summary>
/// One complete subtree of the log: <see cref="Id"/> packs its address (<see cref="LogNodeKey"/>), <see cref="Hash"/>
/// is its 32-byte hash. The table is only ever written by <see cref="LogAppender"/>, with ADO.NET.
/// </summary>
internal sealed class LogNodeRow
{
    public long Id { get; set; }
    public byte[] Hash { get; set; } = [];
}
