using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace Federation.Cli;

/// <summary>How tables show instants.</summary>
internal static class Timestamps
{
    /// <summary>UTC to the minute: enough to read in a table that must fit 120 columns; --json keeps the full instant.</summary>
    public static string Minutes(Timestamp? value) =>
        value is null ? "-" : value.ToDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
