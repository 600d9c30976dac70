using System.Text;
using System.Text.Encodings.Web;

namespace Federation.Node.Public.Csaf;

/// <summary>
/// A plain directory listing of the white folder or a year in it (CSAF 2.0 §7.1.14), for a person browsing: links
/// only, no script and no style, so the public listener's strict Content-Security-Policy holds.
/// </summary>
internal static class CsafFolderPage
{
    public static string Render(string folder, bool hasParent, IReadOnlyList<string> names)
    {
        var html = HtmlEncoder.Default;
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Index of /.well-known/csaf/")
            .Append(html.Encode(folder)).Append("</title></head><body><h1>Index of /.well-known/csaf/").Append(html.Encode(folder)).Append("</h1><ul>\n");
        if (hasParent)
        {
            page.Append("<li><a href=\"../\">../</a></li>\n");
        }

        foreach (var name in names)
        {
            page.Append("<li><a href=\"").Append(html.Encode(name)).Append("\">").Append(html.Encode(name)).Append("</a></li>\n");
        }

        return page.Append("</ul></body></html>\n").ToString();
    }
}
