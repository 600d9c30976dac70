using Federation.Core.Cases;

namespace Federation.Core.Intake;

/// <summary>The three choices the form offers, and the consent scopes they grant (unticked means withheld).</summary>
public sealed record IntakeConsent(bool ShareSummary, bool NameVendor, bool NameReporter)
{
    public static IntakeConsent None { get; } = new(false, false, false);

    public IReadOnlyList<string> Scopes()
    {
        var scopes = new List<string>(3);
        if (ShareSummary)
        {
            scopes.Add(ConsentScope.ShareSummary);
        }

        if (NameVendor)
        {
            scopes.Add(ConsentScope.ShareVendor);
        }

        if (NameReporter)
        {
            scopes.Add(ConsentScope.ShareReporter);
        }

        return scopes;
    }
}
