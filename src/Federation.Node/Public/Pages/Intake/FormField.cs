namespace Federation.Node.Public.Pages.Intake;

/// <summary>One text field of the report form: its input name, the domain's field name, its label key, its limit.</summary>
public sealed record FormField(string Name, string DomainName, string LabelKey, int Max, bool Required, bool Long)
{
    /// <summary>The HTML id Razor gives Input.{Name}, for labels and error links.</summary>
    public string Id => $"Input_{Name}";
}
