namespace Federation.Node.Public.Resources;

/// <summary>Marker for the shared public texts (layout, navigation, home): PublicText.resx and its translations.</summary>
public sealed class PublicText;
