using System.Collections.Frozen;

namespace Federation.Core.Publication;

/// <summary>
/// The CWE that fits a catalogue attack class, where one fits. CSAF 2.0 holds one CWE per vulnerability;
/// a class with no honest CWE (poisoning, model extraction, tool abuse) gets none rather than a vague one.
/// Names are MITRE's exact names (CWE 4.17), which BSI's mandatory test 6.1.11 checks.
/// </summary>
public static class CweForAttackClass
{
    private static readonly FrozenDictionary<string, CsafWeakness> Map = new Dictionary<string, CsafWeakness>(StringComparer.Ordinal)
    {
        // CWE-1427 exists since CWE 4.16 for exactly this: input that steers an LLM's instructions.
        ["prompt-injection"] = new("CWE-1427", "Improper Neutralization of Input Used for LLM Prompting"),
        ["llm-jailbreak"] = new("CWE-1427", "Improper Neutralization of Input Used for LLM Prompting"),
        ["system-prompt-extraction"] = new("CWE-200", "Exposure of Sensitive Information to an Unauthorized Actor"),
        ["llm-data-leakage"] = new("CWE-200", "Exposure of Sensitive Information to an Unauthorized Actor"),
        ["training-data-extraction"] = new("CWE-200", "Exposure of Sensitive Information to an Unauthorized Actor"),
        ["model-evasion"] = new("CWE-1039", "Inadequate Detection or Handling of Adversarial Input Perturbations in Automated Recognition Mechanism"),
        ["backdoored-model"] = new("CWE-506", "Embedded Malicious Code"),
        ["supply-chain-compromise"] = new("CWE-1357", "Reliance on Insufficiently Trustworthy Component"),
        ["denial-of-ml-service"] = new("CWE-400", "Uncontrolled Resource Consumption"),
        ["cost-harvesting"] = new("CWE-400", "Uncontrolled Resource Consumption"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The attack classes that have a CWE, in a stable order (tests run every one through the validator).</summary>
    public static IReadOnlyList<string> MappedClasses { get; } = [.. Map.Keys.Order(StringComparer.Ordinal)];

    public static CsafWeakness? For(string? attackClass) =>
        attackClass is not null && Map.TryGetValue(attackClass, out var weakness) ? weakness : null;
}
