namespace Gantry.Posix.Processes;

/// <summary>Linux signal numbers (signal(7)) Gantry sends, handles and logs.</summary>
public static class SignalNumbers
{
    public const int SIGHUP = 1;
    public const int SIGINT = 2;
    public const int SIGQUIT = 3;
    public const int SIGKILL = 9;
    public const int SIGUSR1 = 10;
    public const int SIGUSR2 = 12;
    public const int SIGTERM = 15;
}
