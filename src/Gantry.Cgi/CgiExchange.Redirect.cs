using Gantry.Application;

namespace Gantry.Cgi;

/// <summary>
/// A local redirect (RFC 3875 §6.2.2, a head that is exactly <c>Location: /path[?query]</c>): the script's body is
/// dropped and the server answers a GET for that path itself, through the whole request router, as if the client had
/// asked for it. The exchange then only forwards to whoever answers it.
/// </summary>
internal sealed partial class CgiExchange
{
    /// <summary>Apache's LimitInternalRecursion default: a script that redirects to itself ends with a 500, not a loop.</summary>
    public const int MaxLocalRedirects = 10;

    private static ReadOnlySpan<byte> Get => "GET"u8;

    private IResponseContinuation? _next;

    private ApplicationStep Redirect(ReadOnlySpan<byte> location)
    {
        var target = location.ToArray();
        Release();
        if (_depth >= MaxLocalRedirects)
        {
            _thread.Logger.RedirectLoop(_script.Command, MaxLocalRedirects);
            return CgiErrorResponse.Write(_sink, CgiErrorResponse.InternalServerError);
        }
        var question = Array.IndexOf(target, (byte)'?');
        var path = question < 0 ? target : target.AsSpan(0, question).ToArray();
        var query = question < 0 ? [] : target.AsSpan(question + 1);
        var variables = _request.Variables;
        variables.Set("REQUEST_METHOD"u8, Get);
        variables.Set("REQUEST_URI"u8, target);
        variables.Set("PATH_INFO"u8, PercentDecoding.Decode(path));
        variables.Set("QUERY_STRING"u8, query);
        variables.Set("CONTENT_LENGTH"u8, default);
        variables.Set("CONTENT_TYPE"u8, default);
        _request.Body.Advance((int)Math.Min(_request.Body.Remaining, int.MaxValue));
        var step = _thread.Dispatch(_request, _sink, _depth + 1, out _next);
        return step;
    }
}
