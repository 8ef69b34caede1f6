using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Gantry.Supervisor.Ctl;

/// <summary>
/// supervisorctl's http_client.HTTPHandler: <c>GET /logtail/NAME/CHANNEL</c> or <c>/mainlogtail</c> on the server,
/// the body (chunked, or of a Content-Length) handed to <c>feed</c> as it arrives, until the server ends it or
/// <c>cancel</c> fires (Ctrl-C: the socket is shut down, which wakes the blocked read). Errors go to stderr as
/// supervisorctl's Listener writes them (<c>URL Cannot read, status code 404</c>). Hand-written: the BCL's
/// HttpClient has no unix-socket URL form, and this is forty lines of HTTP/1.1 reading.
/// </summary>
internal static class CtlLogStream
{
    public static void Follow(CtlClient client, string path, Action<ReadOnlySpan<byte>> feed, CancellationToken cancel)
    {
        var url = client.ServerUrl + path;
        try
        {
            using var socket = client.Connect();
            using var registration = cancel.Register(() =>
            {
                try
                {
                    socket.Shutdown(SocketShutdown.Both);
                }
                catch (SocketException)
                {
                }
                catch (ObjectDisposedException)
                {
                }
            });
            using var stream = new NetworkStream(socket, ownsSocket: false);
            stream.Write(Encoding.ASCII.GetBytes(client.GetRequest(path)));
            var reader = new Reader(stream);
            var status = reader.Line() ?? "";
            var parts = status.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !parts[0].StartsWith("HTTP/", StringComparison.Ordinal) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var code))
            {
                if (!cancel.IsCancellationRequested)
                {
                    Console.Error.WriteLine($"{url} Cannot connect, error: bad status line ({status})");
                }
                return;
            }
            if (code != 200)
            {
                Console.Error.WriteLine($"{url} Cannot read, status code {code}");
                return;
            }
            var chunked = false;
            long length = 0;
            for (var line = reader.Line(); !string.IsNullOrEmpty(line); line = reader.Line())
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0)
                {
                    continue;
                }
                var name = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                if (name.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase))
                {
                    chunked = value.Equals("chunked", StringComparison.OrdinalIgnoreCase);
                }
                else if (name.Equals("content-length", StringComparison.OrdinalIgnoreCase))
                {
                    length = long.Parse(value, CultureInfo.InvariantCulture);
                }
            }
            if (!chunked)
            {
                reader.Body(length, feed);
                return;
            }
            for (var size = reader.Line(); size is not null; size = reader.Line())
            {
                if (size.Length == 0)
                {
                    continue;
                }
                var chunk = long.Parse(size.Split(' ', ';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (chunk == 0 || !reader.Body(chunk, feed))
                {
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or FormatException)
        {
            if (!cancel.IsCancellationRequested)
            {
                Console.Error.WriteLine($"{url} Cannot connect, error: {exception.Message}");
            }
        }
    }

    /// <summary>Lines and counted bodies over a blocking stream, with its own buffer.</summary>
    private sealed class Reader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[16 * 1024];
        private int _start;
        private int _end;

        private bool Fill()
        {
            if (_start < _end)
            {
                return true;
            }
            _start = 0;
            _end = stream.Read(_buffer, 0, _buffer.Length);
            return _end > 0;
        }

        /// <summary>The next line without its CRLF; null at the end of the stream.</summary>
        public string? Line()
        {
            var line = new List<byte>();
            while (Fill())
            {
                var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                var stop = newline < 0 ? _end : newline;
                line.AddRange(_buffer.AsSpan(_start, stop - _start));
                _start = newline < 0 ? _end : newline + 1;
                if (newline >= 0)
                {
                    return Encoding.Latin1.GetString([.. line]).TrimEnd('\r');
                }
            }
            return null;
        }

        /// <summary>Feeds <paramref name="length"/> bytes as they arrive (all of the stream when 0); false at its end.</summary>
        public bool Body(long length, Action<ReadOnlySpan<byte>> feed)
        {
            var left = length == 0 ? long.MaxValue : length;
            while (left > 0 && Fill())
            {
                var take = (int)Math.Min(left, _end - _start);
                feed(_buffer.AsSpan(_start, take));
                _start += take;
                left -= take;
            }
            return left == 0;
        }
    }
}
