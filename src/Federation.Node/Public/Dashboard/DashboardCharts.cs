namespace Federation.Node.Public.Dashboard;

/// <summary>
/// Geometry of the dashboard's charts: plain rectangles the page writes as SVG elements with presentation
/// attributes and classes from dashboard.css (the CSP forbids inline styles, and the pages run no script).
/// </summary>
public static class DashboardCharts
{
    public const double Width = 640;
    public const double ColumnHeight = 200;
    public const double ColumnTop = 20;
    public const double ColumnLeft = 8;
    public const double RowHeight = 28;
    public const double RowGap = 14;
    public const double RowLeft = 200;

    /// <summary>One column per value, scaled to the largest (at least 1, so an all-zero chart is flat, not undefined).</summary>
    public static IReadOnlyList<ChartBar> Columns(IReadOnlyList<(string Label, int Value)> values)
    {
        if (values.Count == 0)
        {
            return [];
        }

        var max = Math.Max(1, values.Max(v => v.Value));
        var slot = (Width - ColumnLeft) / values.Count;
        var width = Math.Clamp(slot * 0.7, 2, 64);
        return values.Select((v, i) =>
        {
            var height = ColumnHeight * v.Value / max;
            return new ChartBar(Round(ColumnLeft + (i * slot) + ((slot - width) / 2)), Round(ColumnTop + ColumnHeight - height), Round(width), Round(height), "bar", v.Label);
        }).ToList();
    }

    /// <summary>
    /// One horizontal row per series, each split into its parts in proportion to their share of the row's total,
    /// so rows of very different sizes are compared by share; the numbers are in the table beside the chart.
    /// </summary>
    public static IReadOnlyList<ChartBar> StackedRows(IReadOnlyList<(string Label, IReadOnlyList<(int Value, string CssClass)> Parts)> rows)
    {
        var bars = new List<ChartBar>();
        var span = Width - RowLeft - 8;
        for (var row = 0; row < rows.Count; row++)
        {
            var total = rows[row].Parts.Sum(p => p.Value);
            var y = RowGap + (row * (RowHeight + RowGap));
            var x = RowLeft;
            if (total == 0)
            {
                bars.Add(new ChartBar(x, y, span, RowHeight, "empty", rows[row].Label));
                continue;
            }

            foreach (var (value, cssClass) in rows[row].Parts.Where(p => p.Value > 0))
            {
                var width = span * value / total;
                bars.Add(new ChartBar(Round(x), y, Round(width), RowHeight, cssClass, rows[row].Label));
                x += width;
            }
        }

        return bars;
    }

    public static double RowsHeight(int rows) => RowGap + (rows * (RowHeight + RowGap));

    public static double RowTextY(int row) => RowGap + (row * (RowHeight + RowGap)) + (RowHeight * 0.68);

    /// <summary>An SVG number: always invariant ("12.5"), whatever the page's culture writes for decimals ("12,5" is no SVG length).</summary>
    public static string N(double value) => Math.Round(value, 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static double Round(double value) => Math.Round(value, 1);
}
