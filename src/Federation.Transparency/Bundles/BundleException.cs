namespace Federation.Transparency.Bundles;

/// <summary>The first thing in a bundle that does not hold, and where: a JSON path, "leaf N", "checkpoint N (size S)".</summary>
public sealed class BundleException(string place, string problem) : Exception($"{place}: {problem}")
{
    public string Place { get; } = place;

    public string Problem { get; } = problem;
}
