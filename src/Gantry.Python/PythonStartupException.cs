namespace Gantry.Python;

/// <summary>
/// Python could not be started or the application could not be loaded. The message says what to fix and, for
/// a Python error, ends with its traceback.
/// </summary>
public sealed class PythonStartupException : Exception
{
    /// <summary>uWSGI's exit code when need-app is set and no application loaded (UWSGI_FAILED_APP_CODE).</summary>
    public const int FailedApplicationExitCode = 22;

    /// <summary>The exit code for any other start-up failure.</summary>
    public const int GeneralFailureExitCode = 1;

    /// <summary>Creates a start-up failure with exit code <see cref="GeneralFailureExitCode"/>.</summary>
    public PythonStartupException(string message)
        : this(message, GeneralFailureExitCode)
    {
    }

    /// <summary>Creates a start-up failure with a chosen exit code.</summary>
    public PythonStartupException(string message, int exitCode)
        : base(message)
    {
        ExitCode = exitCode;
    }

    /// <summary>The process exit code the executable should use: 22 for an application that failed to load.</summary>
    public int ExitCode { get; }
}
