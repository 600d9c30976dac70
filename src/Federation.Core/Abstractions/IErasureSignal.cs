namespace Federation.Core.Abstractions;

/// <summary>
/// Rung after a commit that removed content this node held (a withdrawn summary, a narrower revision,
/// a case field cleared or replaced): the store then erases the copies its files may still hold of
/// what was removed (for SQLite, the write-ahead log). Rings while an erasure runs collapse into one more.
/// </summary>
public interface IErasureSignal
{
    void Notify();
}
