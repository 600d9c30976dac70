namespace Federation.Node.Public.Resources;

/// <summary>Marker for the dashboard's texts: DashboardText.resx and its translations.</summary>
public sealed class DashboardText;
