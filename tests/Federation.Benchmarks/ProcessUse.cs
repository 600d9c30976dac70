namespace Federation.Benchmarks;

/// <summary>One process's CPU time (user and system, all threads, since it started) and resident memory at one moment.</summary>
internal readonly record struct ProcessUse(string Name, int Pid, TimeSpan Cpu, long ResidentBytes);
