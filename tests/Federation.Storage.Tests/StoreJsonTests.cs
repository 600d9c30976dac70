using System.Text.Json;
using Federation.Core.Inbox;
using Federation.Storage.Configurations;

namespace Federation.Storage.Tests;

/// <summary>
/// The received summaries' fields are written by generated code now; every row stored before was written by the
/// reflection serializer with its default options. Both must give the same text, and each must read the other's.
/// </summary>
public sealed class StoreJsonTests
{
    private static readonly string[] Samples =
    [
        "", "title", "Guardrail \"bypass\" ünicode", "line\nbreak\ttab", "<script>&'", "😀 emoji", "\uD800 lone high", "lone low \uDC00",
        "\u001f\u0000 controls", "日本語の要約", new string('x', 3000), "back\\slash /slash", "+ plus = equals",
    ];

    [Fact]
    public void Fields_AnyText_WrittenAsTheDefaultSerializerWritesThem()
    {
        var random = new Random(1207);
        for (var i = 0; i < 2000; i++)
        {
            var fields = Enumerable.Range(0, random.Next(0, 12)).Select(_ => new SummaryFieldValue(Text(random), Text(random))).ToList();

            var generated = SummaryFieldsJson.ToText(fields);

            Assert.Equal(JsonSerializer.Serialize(fields, JsonSerializerOptions.Default), generated);
            Assert.Equal(JsonSerializer.Deserialize<List<SummaryFieldValue>>(generated, JsonSerializerOptions.Default), SummaryFieldsJson.FromText(generated));
            // A lone surrogate is not text JSON can hold: both serializers write U+FFFD for it. All other text comes back.
            if (fields.All(f => Valid(f.Name) && Valid(f.Value)))
            {
                Assert.Equal(fields, SummaryFieldsJson.FromText(generated));
            }
        }
    }

    [Fact]
    public void Fields_StoredBefore_AreRead()
    {
        Assert.Equal([new SummaryFieldValue("title", "a \"b\""), new SummaryFieldValue("sector", "health")],
            SummaryFieldsJson.FromText("[{\"Name\":\"title\",\"Value\":\"a \\u0022b\\u0022\"},{\"Name\":\"sector\",\"Value\":\"health\"}]"));
        Assert.Empty(SummaryFieldsJson.FromText("[]"));
    }

    private static bool Valid(string text) => System.Text.Unicode.Utf8.FromUtf16(text, new byte[text.Length * 3], out _, out _, replaceInvalidSequences: false) == System.Buffers.OperationStatus.Done;

    private static string Text(Random random) => random.Next(3) switch
    {
        0 => Samples[random.Next(Samples.Length)],
        1 => new string([.. Enumerable.Range(0, random.Next(0, 40)).Select(_ => (char)random.Next(0, 0x10000))]),
        _ => string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => Samples[random.Next(Samples.Length)])),
    };
}
