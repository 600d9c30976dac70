namespace Federation.Core.Treaties;

/// <summary>What validating a treaty document found: the parsed treaty (null when it does not parse) and every problem.</summary>
public sealed record TreatyValidation(Treaty? Treaty, IReadOnlyList<string> Problems)
{
    public bool Valid => Problems.Count == 0;
}
