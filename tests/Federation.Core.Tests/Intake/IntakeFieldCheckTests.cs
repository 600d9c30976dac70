using Federation.Core.Intake;

namespace Federation.Core.Tests.Intake;

public sealed class IntakeFieldCheckTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0];

    [Fact]
    public void ToCaseFields_BlankOptionalFields_Absent()
    {
        var fields = IntakeFieldCheck.ToCaseFields(new IntakeSubmission { Language = "en", Title = " A title ", Vendor = "  ", Sector = "" });

        Assert.Equal("A title", fields.Title);
        Assert.Null(fields.Vendor);
        Assert.Null(fields.Sector);
        Assert.Equal(["title"], IntakeFieldCheck.NamesGiven(fields));
    }

    [Fact]
    public void ToCaseFields_OversizedSynopsis_InvalidArgumentNamingFieldAndLimit()
    {
        var ex = Assert.Throws<FederationException>(() => IntakeFieldCheck.ToCaseFields(
            new IntakeSubmission { Language = "en", Title = "t", Synopsis = new string('x', IntakeLimits.Synopsis + 1) }));

        Assert.Equal("synopsis", ex.Field);
        Assert.Contains($"the limit is {IntakeLimits.Synopsis}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToCaseFields_NoTitle_Required()
    {
        var ex = Assert.Throws<FederationException>(() => IntakeFieldCheck.ToCaseFields(new IntakeSubmission { Language = "en" }));

        Assert.Equal("title", ex.Field);
    }

    [Fact]
    public void ToCaseFields_ControlCharacter_Refused()
    {
        var ex = Assert.Throws<FederationException>(() => IntakeFieldCheck.ToCaseFields(new IntakeSubmission { Language = "en", Title = "a\u001b[31m" }));

        Assert.Equal("title", ex.Field);
    }

    [Fact]
    public void CheckAttachments_PathInName_OnlyTheFileNameKept()
    {
        var checkedUploads = IntakeFieldCheck.CheckAttachments([new IntakeUpload("..\\..\\etc/poc.png", "image/png; charset=x", Png)]);

        Assert.Equal("poc.png", checkedUploads[0].FileName);
        Assert.Equal("image/png", checkedUploads[0].ContentType);
    }

    [Theory]
    [InlineData("poc.html", "text/html")]
    [InlineData("poc.exe", "application/octet-stream")]
    public void CheckAttachments_TypeNotAllowed_Refused(string name, string type)
    {
        var ex = Assert.Throws<FederationException>(() => IntakeFieldCheck.CheckAttachments([new IntakeUpload(name, type, [1, 2, 3])]));

        Assert.Equal("attachments", ex.Field);
        Assert.Contains("allowed are text/plain", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAttachments_BytesNotOfTheDeclaredType_Refused()
    {
        var ex = Assert.Throws<FederationException>(() => IntakeFieldCheck.CheckAttachments([new IntakeUpload("poc.png", "image/png", "MZ\u0090\u0000"u8.ToArray())]));

        Assert.Contains("not a valid image/png", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAttachments_OverOneMiB_Refused()
    {
        var big = new byte[IntakeLimits.AttachmentBytes + 1];
        Png.CopyTo(big, 0);

        var ex = Assert.Throws<FederationException>(() => IntakeFieldCheck.CheckAttachments([new IntakeUpload("poc.png", "image/png", big)]));

        Assert.Contains("1 MiB", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAttachments_FourFiles_Refused()
    {
        var uploads = Enumerable.Range(0, 4).Select(i => new IntakeUpload($"{i}.txt", "text/plain", "x"u8.ToArray())).ToList();

        var ex = Assert.Throws<FederationException>(() => IntakeFieldCheck.CheckAttachments(uploads));

        Assert.Contains("at most 3", ex.Message, StringComparison.Ordinal);
    }
}
