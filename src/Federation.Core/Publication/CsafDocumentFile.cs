namespace Federation.Core.Publication;

/// <summary>One file of the white folder as served: its bytes, media type and the date it last changed.</summary>
public sealed record CsafDocumentFile(byte[] Content, string ContentType, DateTimeOffset LastModified, string ETag);
