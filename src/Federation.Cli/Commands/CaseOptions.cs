using System.CommandLine;
using Federation.Contracts.V1;

namespace Federation.Cli.Commands;

/// <summary>The case field options shared by "case create" and "case update".</summary>
internal sealed class CaseOptions
{
    public Option<string> Title { get; } = new("--title") { Description = "Short title (shared only if the treaty and consent allow)." };
    public Option<string> Synopsis { get; } = new("--synopsis") { Description = "Shareable synopsis, without technical detail." };
    public Option<string> Description { get; } = new("--description") { Description = "Technical description (raw: never leaves the node)." };
    public Option<FileInfo> PocFile { get; } = new("--poc-file") { Description = "File with the proof of concept (raw: never leaves the node)." };
    public Option<string> ReporterName { get; } = new("--reporter-name") { Description = "Reporter's name (shared only with consent share-reporter)." };
    public Option<string> ReporterContact { get; } = new("--reporter-contact") { Description = "Reporter's contact (raw: never leaves the node)." };
    public Option<string> Vendor { get; } = new("--vendor") { Description = "Vendor of the affected AI system (shared only with consent share-vendor)." };
    public Option<string> Product { get; } = new("--product") { Description = "Affected product (shared only with consent share-vendor)." };
    public Option<string> ModelVersion { get; } = new("--model-version") { Description = "Affected model or product version, e.g. 2.3.1 (shared only with consent share-vendor)." };
    public Option<string> Sector { get; } = new("--sector") { Description = "health, finance, energy, transport, public-services or general." };
    public Option<string> Taxonomy { get; } = new("--taxonomy") { Description = "Attack class id (fedctl taxonomy list), e.g. prompt-injection, or its ATLAS id, e.g. AML.T0051." };
    public Option<string> Component { get; } = new("--component") { Description = "Affected component kind (fedctl taxonomy list), e.g. guardrails." };
    public Option<string> Status { get; } = new("--status") { Description = "received, triage, coordinating, published or closed." };
    public Option<string> Tlp { get; } = new("--tlp") { Description = "CLEAR, GREEN, AMBER, AMBER+STRICT or RED (new cases start RED)." };
    public Option<bool?> NationalSecurity { get; } = new("--national-security") { Description = "Flag the case national-security: it never leaves." };
    public Option<bool?> PersonalData { get; } = new("--personal-data") { Description = "Flag that free text holds personal data: it stays home." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Title, Synopsis, Description, PocFile, ReporterName, ReporterContact, Vendor, Product, ModelVersion, Sector, Taxonomy, Component, Status, Tlp, NationalSecurity, PersonalData })
        {
            command.Add(option);
        }
    }

    public CaseFields Read(ParseResult parse)
    {
        var fields = new CaseFields();
        Set(parse.GetValue(Title), v => fields.Title = v);
        Set(parse.GetValue(Synopsis), v => fields.Synopsis = v);
        Set(parse.GetValue(Description), v => fields.TechnicalDescription = v);
        if (parse.GetValue(PocFile) is { } poc)
        {
            if (!poc.Exists)
            {
                throw new CliException($"--poc-file: '{poc.FullName}' does not exist.");
            }

            fields.ProofOfConcept = File.ReadAllText(poc.FullName);
        }

        Set(parse.GetValue(ReporterName), v => fields.ReporterName = v);
        Set(parse.GetValue(ReporterContact), v => fields.ReporterContact = v);
        Set(parse.GetValue(Vendor), v => fields.Vendor = v);
        Set(parse.GetValue(Product), v => fields.Product = v);
        Set(parse.GetValue(ModelVersion), v => fields.ModelVersion = v);
        Set(parse.GetValue(Sector), v => fields.Sector = v);
        Set(parse.GetValue(Taxonomy), v => fields.TaxonomyClass = v);
        Set(parse.GetValue(Component), v => fields.Component = v);
        Set(parse.GetValue(Status), v => fields.Status = WireText.TryParse<CaseStatus>(v, out var status)
            ? status : throw new CliException($"'{v}' is not a case status: use {WireText.Choices<CaseStatus>()}."));
        Set(parse.GetValue(Tlp), v => fields.Tlp = WireText.TryParse<TlpLabel>(v, out var tlp)
            ? tlp : throw new CliException($"'{v}' is not a TLP 2.0 label: use {WireText.Choices<TlpLabel>()}."));
        if (parse.GetValue(NationalSecurity) is { } ns)
        {
            fields.NationalSecurity = ns;
        }

        if (parse.GetValue(PersonalData) is { } pd)
        {
            fields.ContainsPersonalData = pd;
        }

        return fields;
    }

    private static void Set(string? value, Action<string> assign)
    {
        if (value is not null)
        {
            assign(value);
        }
    }
}
