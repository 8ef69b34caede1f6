namespace Gantry.Python;

/// <summary>
/// One uWSGI <c>mount</c> (or <c>worker-mount</c>): <c>MOUNTPOINT=APP</c>. The application is a wsgi-file when it ends
/// in <c>.py</c> or <c>.wsgi</c> (as uWSGI's python plugin decides, plugins/python/python_plugin.c
/// <c>uwsgi_python_mount_app</c>), otherwise a module <c>pkg.mod</c> or <c>pkg.mod:callable</c> whose callable
/// defaults to <see cref="PythonHostOptions.Callable"/>.
/// </summary>
/// <param name="Mountpoint">The path prefix (e.g. <c>/admin</c>), compared byte for byte with SCRIPT_NAME / PATH_INFO.</param>
/// <param name="Application">The wsgi-file path or the module.</param>
public sealed record PythonMount(string Mountpoint, string Application)
{
    /// <summary>True when <see cref="Application"/> names a file to execute rather than a module to import.</summary>
    public bool IsFile => Application.EndsWith(".py", StringComparison.Ordinal) || Application.EndsWith(".wsgi", StringComparison.Ordinal);
}
