using Federation.Core.Intake;

namespace Federation.Node.Options;

/// <summary>
/// The checked "Federation:Intake" statements as the domain's <see cref="IntakePolicy"/>, files read once at start.
/// None configured: the development placeholders, with a warning on a node that has its own identity.
/// </summary>
internal static class IntakePolicyFactory
{
    public static IntakePolicy Create(IntakeOptions options, bool developmentIdentity, ILogger logger)
    {
        if (options.Statements.Count == 0)
        {
            if (!developmentIdentity)
            {
                logger.LogWarning("No safe-harbour statement is configured ({Section}:Statements): the intake shows the development placeholders, which bind nobody.",
                    IntakeOptions.SectionName);
            }

            return new IntakePolicy(DevelopmentStatements.All);
        }

        return new IntakePolicy(options.Statements.Select(s => new SafeHarbourStatement(
            s.Key.ToLowerInvariant(),
            s.Value.Version!.Trim(),
            Read(s.Value.SafeHarbour, s.Value.SafeHarbourFile),
            Read(s.Value.DisclosurePolicy, s.Value.DisclosurePolicyFile),
            DevelopmentPlaceholder: false)));
    }

    private static string Read(string? text, string? file) =>
        (string.IsNullOrWhiteSpace(file) ? text! : File.ReadAllText(file)).Trim();
}
