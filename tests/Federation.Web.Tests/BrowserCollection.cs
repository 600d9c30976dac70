namespace Federation.Web.Tests;

/// <summary>Browser tests share one Chromium and run one class at a time: two cores do not run several browsers well.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
