using Federation.Core.Intake;
using Microsoft.Extensions.DependencyInjection;

namespace Federation.Cli.Tests;

/// <summary>fedctl intake list, show and reply against a real node holding reports sent through intake.</summary>
public sealed class FedctlIntakeTests(CliNodeFixture nodes) : IClassFixture<CliNodeFixture>
{
    private static readonly string Nl = Environment.NewLine;

    [Fact]
    public async Task IntakeList_NoReport_SaysSo()
    {
        var result = await nodes.RunAsync("DE", "intake", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("No report has come through intake yet." + Nl, result.Output);
    }

    [Fact]
    public async Task IntakeListShowReply_AReport_ListedThreadShownAndTheReplyReachesTheReporter()
    {
        var receipt = await SubmitAsync("Fuite du prompt système", "fr");

        var listed = await nodes.RunAtWidthAsync(120, "FR", "intake", "list");
        var replied = await nodes.RunAsync("FR", "intake", "reply", receipt.CaseId, "--message", "Merci, nous analysons.");
        var shown = await nodes.RunAsync("FR", "intake", "show", receipt.CaseId);
        var json = (await nodes.RunAsync("FR", "intake", "show", receipt.CaseId, "--json")).Json();

        Assert.Equal(0, listed.ExitCode);
        Assert.Contains(listed.Output.Split(Nl), l => l.Contains(receipt.CaseId, StringComparison.Ordinal) && l.Contains("received", StringComparison.Ordinal));
        Assert.True(listed.Output.Split(Nl).Max(l => l.Length) <= 120, listed.Output);
        Assert.True(replied.ExitCode == 0, replied.Error);
        Assert.Contains("(fr)", replied.Output, StringComparison.Ordinal);
        Assert.Contains("policy dev-placeholder-1 accepted", shown.Output, StringComparison.Ordinal);
        Assert.Contains("title=fr", shown.Output, StringComparison.Ordinal);
        Assert.Contains("Merci, nous analysons.", shown.Output, StringComparison.Ordinal);
        Assert.Equal("INTAKE_SIDE_AUTHORITY", json.GetProperty("messages")[0].GetProperty("side").GetString());
        await using var scope = nodes.Federation["FR"].Services.CreateAsyncScope();
        var status = await scope.ServiceProvider.GetRequiredService<IntakeService>().StatusAsync(receipt.Token, TestContext.Current.CancellationToken);
        Assert.Equal("Merci, nous analysons.", Assert.Single(status.Messages).Text);
    }

    [Fact]
    public async Task IntakeShow_CaseNotFromIntake_Exit1Saying()
    {
        var created = (await nodes.RunAsync("FR", "case", "create", "--title", "By an operator", "--json")).Json().GetProperty("federationCaseId").GetString()!;

        var result = await nodes.RunAsync("FR", "intake", "show", created);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"No case {created} came through intake on this node.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IntakeReply_EmptyMessage_Exit1NamingTheField()
    {
        var receipt = await SubmitAsync("Empty reply", "en");

        var result = await nodes.RunAsync("FR", "intake", "reply", receipt.CaseId, "--message", "  ");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'text' is required.", result.Error, StringComparison.Ordinal);
    }

    private async Task<IntakeReceipt> SubmitAsync(string title, string language)
    {
        await using var scope = nodes.Federation["FR"].Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IntakeService>().SubmitAsync(
            new IntakeSubmission { Language = language, Title = title, AcceptedPolicyVersion = DevelopmentStatements.Version }, "test", TestContext.Current.CancellationToken);
    }
}
