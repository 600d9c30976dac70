namespace Federation.Node.Public.Dashboard;

/// <summary>One rectangle of a server-rendered SVG chart, in the chart's own units, with the class that colours it.</summary>
public sealed record ChartBar(double X, double Y, double Width, double Height, string CssClass, string Label);
