using Gantry.Posix.Sockets;
using Microsoft.Extensions.Logging;

namespace Gantry.Php.FastCgi;

/// <summary>
/// One php-fpm address (<c>php-fpm = ADDR</c>), shared by every loop thread: its socket address, built once, and
/// whether it is known to be down, so an outage is logged once when it starts and once when it ends (not once per
/// refused request), while every request still tries it: service resumes by itself as soon as php-fpm is back.
/// </summary>
internal sealed class PhpFpmUpstream
{
    private readonly ILogger _logger;
    private int _down;

    public PhpFpmUpstream(string text, ILogger logger)
    {
        _logger = logger;
        var address = StreamAddress.TryParse(text, out var error) ?? throw new ArgumentException(error, nameof(text));
        Address = SocketAddressBytes.For(address);
        Name = address.Text;
    }

    /// <summary>The address as configured, for log lines.</summary>
    public string Name { get; }

    public SocketAddressBytes Address { get; }

    /// <summary>A connect or an exchange failed for want of php-fpm: logged if it was up.</summary>
    public void MarkDown(string reason)
    {
        if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            _logger.FpmDown(Name, reason);
        }
    }

    /// <summary>A request got its answer: logged if it was down.</summary>
    public void MarkUp()
    {
        if (Volatile.Read(ref _down) == 1 && Interlocked.Exchange(ref _down, 0) == 1)
        {
            _logger.FpmBack(Name);
        }
    }
}
