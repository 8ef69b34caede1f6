namespace Gantry.Configuration;

/// <summary>
/// One <c>cgi</c> setting, <c>[MOUNTPOINT=]PATH</c> (uWSGI plugins/cgi/cgi_plugin.c <c>uwsgi_opt_add_cgi</c>): the value is split
/// at its first '='. uWSGI picks, per request, the longest mountpoint that prefixes PATH_INFO (a plain string prefix:
/// <c>/cgi</c> also takes <c>/cgi-bin/x</c>); the mount without a mountpoint serves what no mountpoint takes.
/// </summary>
/// <param name="Mountpoint">
/// The PATH_INFO prefix as written, e.g. <c>/cgi-bin</c> or <c>/cgi-bin/</c>; empty for a bare <c>cgi = DIR</c> (the
/// whole site). A trailing slash stays part of the match (<c>/cgi-bin/</c> does not take <c>/cgi-bin</c>).
/// </param>
/// <param name="Directory">
/// The absolute directory scripts are looked up in (relative values start from <c>chdir</c>, else from the start
/// directory, as uWSGI resolves them after its chdir), without a trailing slash and with symlinks left in place: uWSGI
/// resolves them on every request (once with <c>cgi-optimize</c>), so a swapped <c>current</c> link takes effect.
/// When <see cref="IsScript"/> it names the one script run for every request under the mountpoint.
/// </param>
/// <param name="IsScript">True when the path is not a directory: uWSGI runs it for every request under the mountpoint.</param>
public sealed record CgiMount(string Mountpoint, string Directory, bool IsScript = false)
{
    /// <summary>
    /// What SCRIPT_NAME starts with and PATH_INFO loses: the mountpoint without its trailing slash, as uWSGI's
    /// <c>discard_base</c> (<c>/cgi-bin/</c> and <c>/cgi-bin</c> both give <c>/cgi-bin</c>; <c>/</c> and a bare directory give "").
    /// </summary>
    public string ScriptNamePrefix => Mountpoint.EndsWith('/') ? Mountpoint[..^1] : Mountpoint;

    /// <summary>True for the bare <c>cgi = DIR</c>, which serves every path no mountpoint takes.</summary>
    public bool IsWholeSite => Mountpoint.Length == 0;
}
