namespace Gantry.Protocols.Cgi;

/// <summary>
/// The kinds of CGI response of RFC 3875 §6.2, as Gantry tells them apart. In every kind the head can be sent to
/// the client as it is: status from <see cref="CgiResponseHead.StatusCode"/>, the headers in order.
/// </summary>
public enum CgiResponseKind
{
    /// <summary>
    /// A document (§6.2.1): the body follows the head. Status from the Status field, else 200. Content-Type is
    /// required by the RFC but, as in Apache and uWSGI, not enforced (see <see cref="CgiResponseHead.HasContentType"/>).
    /// Also a response carrying a Location with an explicit non-3xx Status (a <c>201 Created</c>, say).
    /// </summary>
    Document,

    /// <summary>
    /// A local redirect (§6.2.2): the head is exactly one field, <c>Location: /abs-path[?query]</c>. The server
    /// serves that path itself as a GET and discards any body the script wrote. A host that does not re-dispatch
    /// can send the head as it is: <c>302 Found</c> with that Location, which is what uWSGI's cgi plugin does.
    /// </summary>
    LocalRedirect,

    /// <summary>
    /// A client redirect (§6.2.3, §6.2.4): a Location that is not a local redirect, with a 3xx status (from Status,
    /// else 302). Other fields and a body may come with it (client-redir-response-with-document).
    /// </summary>
    ClientRedirect,
}
