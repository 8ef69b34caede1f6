using System.Buffers.Text;
using Gantry.Protocols.Http;

namespace Gantry.Protocols.Cgi;

/// <summary>
/// Writes a parsed head's status as the response sink takes it: <c>"404 Not Found"</c>, the script's own reason
/// phrase when it gave one, else the standard one, else none (<c>"299 "</c>: the status line keeps the space before
/// the empty phrase, RFC 9112 §4). The headers need no writer: each is <c>buffer[head.HeaderName(i)]</c> and
/// <c>buffer[head.HeaderValue(i)]</c>, already validated.
/// </summary>
public static class CgiStatusWriter
{
    /// <summary>The smallest destination: three digits and a space.</summary>
    public const int MinDestinationLength = 4;

    private const int StatusCodeLength = 3;

    /// <summary>How many bytes <see cref="Write"/> needs to write the whole status.</summary>
    /// <param name="head">A complete head.</param>
    /// <param name="buffer">The buffer the head was parsed from.</param>
    public static int GetLength(CgiResponseHead head, ReadOnlySpan<byte> buffer) =>
        MinDestinationLength + Phrase(head, buffer).Length;

    /// <summary>
    /// Writes the status into <paramref name="destination"/>. A reason phrase longer than the room left is cut: it
    /// is informative only (RFC 9110 §15: "A client SHOULD ignore the reason-phrase content").
    /// </summary>
    /// <param name="head">A complete head.</param>
    /// <param name="buffer">The buffer the head was parsed from.</param>
    /// <param name="destination">At least <see cref="MinDestinationLength"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    public static int Write(CgiResponseHead head, ReadOnlySpan<byte> buffer, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, MinDestinationLength, nameof(destination));
        if (!Utf8Formatter.TryFormat(head.StatusCode, destination, out int written) || written != StatusCodeLength)
        {
            throw new ArgumentException($"the head's status {head.StatusCode} is not a parsed one", nameof(head));
        }

        destination[StatusCodeLength] = HttpSyntax.Space;
        var phrase = Phrase(head, buffer);
        var room = destination[MinDestinationLength..];
        int length = Math.Min(phrase.Length, room.Length);
        phrase[..length].CopyTo(room);
        return MinDestinationLength + length;
    }

    private static ReadOnlySpan<byte> Phrase(CgiResponseHead head, ReadOnlySpan<byte> buffer)
    {
        var given = buffer[head.ReasonPhrase];
        return given.IsEmpty ? CgiReasonPhrases.Get(head.StatusCode) : given;
    }
}
