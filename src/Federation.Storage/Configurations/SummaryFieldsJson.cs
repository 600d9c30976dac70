using System.Text.Json;
using System.Text.Json.Serialization;
using Federation.Core.Inbox;

namespace Federation.Storage.Configurations;

/// <summary>
/// A received summary's fields as the store keeps them: a JSON array of <c>{"Name":…,"Value":…}</c>, written as
/// <see cref="JsonSerializerOptions.Default"/> writes it (the format of every row already stored). Generated at build
/// time rather than found by reflection: serializing each summary's fields was a twentieth of DE's inbox writer in
/// the share load (StoreJsonTests checks the text is the same).
/// </summary>
[JsonSerializable(typeof(List<SummaryFieldValue>))]
internal sealed partial class SummaryFieldsJson : JsonSerializerContext
{
    public static string ToText(List<SummaryFieldValue> fields) => JsonSerializer.Serialize(fields, Default.ListSummaryFieldValue);

    public static List<SummaryFieldValue> FromText(string text) => JsonSerializer.Deserialize(text, Default.ListSummaryFieldValue) ?? [];
}
