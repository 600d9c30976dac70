using System.Globalization;

namespace Federation.Core.Dashboard;

/// <summary>
/// A count about unpublished cases as the public may see it: never the number itself, only the bucket it falls in.
/// </summary>
/// <remarks>
/// The rule, written once: a count below <see cref="Minimum"/> (zero included) is "fewer than 5"; from 5 on, the
/// buckets follow a 1-2-5 series, 5–9, 10–19, 20–49, 50–99, 100–199, 200–499, 500–999, 1,000–1,999 and so on. Every
/// bucket holds at least five values, and zero shares its bucket with one to four, so no figure tells whether a single
/// case exists, and one case arriving or leaving moves a figure only when it crosses a boundary (where its neighbours
/// in the bucket hide it). Each figure is bucketed from its exact count, never derived from other buckets.
/// </remarks>
public readonly record struct CountBucket
{
    /// <summary>The smallest count shown as a range of its own; below it, only "fewer than" this.</summary>
    public const int Minimum = 5;

    private CountBucket(int lower, int upper)
    {
        Lower = lower;
        Upper = upper;
    }

    /// <summary>The bucket's least count: 0 for "fewer than 5".</summary>
    public int Lower { get; }

    /// <summary>The bucket's greatest count, inclusive.</summary>
    public int Upper { get; }

    /// <summary>True for the lowest bucket, "fewer than 5" (0 to 4).</summary>
    public bool IsBelowMinimum => Lower == 0;

    public static CountBucket Of(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count < Minimum)
        {
            return new CountBucket(0, Minimum - 1);
        }

        // Walk the 1-2-5 series (5, 10, 20, 50, 100, 200, 500, …) to the last boundary not above the count.
        long lower = Minimum;
        while (true)
        {
            var next = NextBoundary(lower);
            if (count < next)
            {
                return new CountBucket((int)lower, (int)Math.Min(next - 1, int.MaxValue));
            }

            lower = next;
        }
    }

    /// <summary>5 → 10 → 20 → 50 → 100 → …: a boundary's leading digit goes 5, 1, 2, 5, 1, …</summary>
    private static long NextBoundary(long boundary)
    {
        var magnitude = 1L;
        while (boundary / magnitude >= 10)
        {
            magnitude *= 10;
        }

        return (boundary / magnitude) switch
        {
            1 => 2 * magnitude,
            2 => 5 * magnitude,
            _ => 10 * magnitude,
        };
    }

    /// <summary>"fewer than 5" or "10–19" in English; pages use their own translations of the two forms.</summary>
    public override string ToString() => IsBelowMinimum
        ? string.Create(CultureInfo.InvariantCulture, $"fewer than {Minimum}")
        : string.Create(CultureInfo.InvariantCulture, $"{Lower}–{Upper}");
}
