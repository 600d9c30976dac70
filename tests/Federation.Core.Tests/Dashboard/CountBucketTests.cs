using Federation.Core.Dashboard;

namespace Federation.Core.Tests.Dashboard;

public sealed class CountBucketTests
{
    [Theory]
    [InlineData(0, 0, 4)]
    [InlineData(1, 0, 4)]
    [InlineData(4, 0, 4)]
    [InlineData(5, 5, 9)]
    [InlineData(9, 5, 9)]
    [InlineData(10, 10, 19)]
    [InlineData(19, 10, 19)]
    [InlineData(20, 20, 49)]
    [InlineData(49, 20, 49)]
    [InlineData(50, 50, 99)]
    [InlineData(100, 100, 199)]
    [InlineData(250, 200, 499)]
    [InlineData(999, 500, 999)]
    [InlineData(1000, 1000, 1999)]
    [InlineData(12345, 10000, 19999)]
    public void Of_Count_FallsInItsBucket(int count, int lower, int upper)
    {
        var bucket = CountBucket.Of(count);

        Assert.Equal((lower, upper), (bucket.Lower, bucket.Upper));
    }

    [Fact]
    public void Of_EveryCountUpTo100000_BucketHoldsItAndAtLeastFiveValuesAndZeroHidesAmongOneToFour()
    {
        var previous = CountBucket.Of(0);
        for (var count = 0; count <= 100_000; count++)
        {
            var bucket = CountBucket.Of(count);

            Assert.InRange(count, bucket.Lower, bucket.Upper);
            Assert.True(bucket.Upper - bucket.Lower + 1 >= CountBucket.Minimum, $"bucket {bucket} of {count} holds fewer than {CountBucket.Minimum} values");
            // Buckets are contiguous: the next one starts right after the previous one ends.
            Assert.True(bucket == previous || bucket.Lower == previous.Upper + 1, $"{previous} then {bucket}");
            previous = bucket;
        }

        Assert.Equal(CountBucket.Of(0), CountBucket.Of(1));
        Assert.True(CountBucket.Of(0).IsBelowMinimum);
        Assert.False(CountBucket.Of(5).IsBelowMinimum);
    }

    [Fact]
    public void ToString_BothForms_ReadAsRanges()
    {
        Assert.Equal("fewer than 5", CountBucket.Of(3).ToString());
        Assert.Equal("10–19", CountBucket.Of(12).ToString());
    }

    [Fact]
    public void Of_Negative_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => CountBucket.Of(-1));

    [Fact]
    public void FromCounts_TotalIsBucketedFromTheExactSum_NotFromTheBuckets()
    {
        var figures = UnpublishedFigures.FromCounts(received: 4, coordinating: 4, closedUnpublished: 3);

        Assert.Equal(CountBucket.Of(11), figures.Total);
        Assert.True(figures.Received.IsBelowMinimum);
        Assert.True(figures.Coordinating.IsBelowMinimum);
        Assert.True(figures.ClosedUnpublished.IsBelowMinimum);
    }
}
