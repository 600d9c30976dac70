using Federation.Testing;

namespace Federation.Web.Tests;

/// <summary>A real node (FR, partnered with DE) serving its public pages on loopback, for the browser to visit.</summary>
public sealed class PublicNodeFixture : IAsyncLifetime
{
    private TempDirectory _folder = null!;

    public TestNode Node { get; private set; } = null!;

    public string BaseAddress => Node.PublicAddress! + "/";

    public async ValueTask InitializeAsync()
    {
        _folder = new TempDirectory();
        var pki = new TestPki(_folder.Combine("pki"));
        pki.Ca("FR");
        pki.Ca("DE");
        TreatyFiles.Write(_folder.Combine("treaties"), "t.yaml", TreatyFiles.Yaml("t", ["FR", "DE"]));
        Node = await TestNode.StartAsync("FR", pki, _folder.Path, ["DE"], _folder.Combine("treaties"));
    }

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        _folder.Dispose();
    }
}
