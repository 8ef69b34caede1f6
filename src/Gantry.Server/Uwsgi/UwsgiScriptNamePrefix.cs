using Gantry.Application;

namespace Gantry.Server.Uwsgi;

/// <summary>
/// modifier1 30 (<c>uwsgi_modifier1 30;</c> in nginx, uWSGI's <c>UWSGI_MODIFIER_MANAGE_PATH_INFO</c>): a WSGI request
/// whose PATH_INFO still starts with SCRIPT_NAME, which the server must strip (nginx sends the whole path as
/// PATH_INFO and <c>uwsgi_param SCRIPT_NAME /app;</c> beside it). uWSGI's python plugin (wsgi_subhandler.c) cuts
/// strlen(SCRIPT_NAME) bytes without looking; under Python 3 its bytes-only type check makes it strip nothing at all.
/// Gantry strips only a real prefix that ends at a path segment, so "/application" is not cut by "/app".
/// </summary>
internal static class UwsgiScriptNamePrefix
{
    private static ReadOnlySpan<byte> ScriptNameKey => "SCRIPT_NAME"u8;
    private static ReadOnlySpan<byte> PathInfoKey => "PATH_INFO"u8;

    /// <summary>
    /// PATH_INFO loses its SCRIPT_NAME prefix ("/app" + "/app/x" → "/x"; "/app" → ""). SCRIPT_NAME stays as sent;
    /// one trailing '/' on it is ignored when matching ("/app/" strips "/app" from "/app/x"). Anything else is
    /// left alone.
    /// </summary>
    public static void StripFromPathInfo(CgiVariables variables)
    {
        if (!variables.TryGetValue(ScriptNameKey, out var scriptName) || !variables.TryGetValue(PathInfoKey, out var pathInfo))
        {
            return;
        }
        var prefix = MountPrefix.Trim(scriptName);
        if (prefix.Length == 0 || !MountPrefix.Prefixes(prefix, pathInfo))
        {
            return;
        }
        // Set copies the value into the variables' buffer; the slice stays readable even if that buffer grows.
        variables.Set(PathInfoKey, pathInfo[prefix.Length..]);
    }
}
