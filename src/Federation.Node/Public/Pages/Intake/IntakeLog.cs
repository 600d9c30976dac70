namespace Federation.Node.Public.Pages.Intake;

/// <summary>The intake pages' log events; never the submitted text.</summary>
internal static partial class IntakeLog
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "A report form with the honeypot field filled was dropped (nothing stored)")]
    public static partial void HoneypotFilled(ILogger logger);
}
