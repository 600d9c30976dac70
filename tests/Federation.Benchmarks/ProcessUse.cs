namespace Federation.Benchmarks;

/// <summary>
/// One process's CPU time (user and system, all threads, since it started) and resident memory at one moment: the whole
/// RSS, and its anonymous part (heaps, stacks) and file-backed part (mapped files: the code, and the store's memory map)
/// as /proc/PID/status tells them apart (0 where it cannot be read).
/// </summary>
internal readonly record struct ProcessUse(string Name, int Pid, TimeSpan Cpu, long ResidentBytes, long AnonymousBytes = 0, long FileBytes = 0);
