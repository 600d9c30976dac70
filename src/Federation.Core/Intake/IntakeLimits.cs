namespace Federation.Core.Intake;

/// <summary>
/// How large a public submission may be. Tighter than a case's own limits (<see cref="Cases.Case"/>): the form is
/// open to anyone, so each field is capped to what a report needs, and the whole request stays well under the
/// listener's body limit.
/// </summary>
public static class IntakeLimits
{
    public const int Title = 200;
    public const int ShortText = 200;
    public const int Contact = 320;
    public const int Synopsis = 4_000;
    public const int TechnicalDescription = 32_000;
    public const int ProofOfConcept = 64_000;
    public const int Message = 8_000;

    /// <summary>A thread is for coordination, not a chat: past this, the reporter's new messages are refused.</summary>
    public const int MessagesPerReport = 200;

    public const int AttachmentBytes = 1024 * 1024;
    public const int AttachmentsPerReport = 3;
    public const int AttachmentFileName = 128;

    /// <summary>A receipt token as issued is 43 characters; anything much longer is not one and is not even hashed.</summary>
    public const int TokenText = 256;

    /// <summary>The proof-of-concept types a report may carry; anything else (executables, HTML) is refused.</summary>
    public static IReadOnlyList<string> AttachmentTypes { get; } =
        ["text/plain", "application/json", "application/pdf", "image/png", "application/zip"];
}
