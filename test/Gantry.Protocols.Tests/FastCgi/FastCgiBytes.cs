using System.Text;

namespace Gantry.Protocols.Tests.FastCgi;

/// <summary>Builds FastCGI bytes by hand (spec §3.3, §3.4, §5), independently of the writer under test.</summary>
internal static class FastCgiBytes
{
    public const int BeginRequest = 1;
    public const int AbortRequest = 2;
    public const int EndRequest = 3;
    public const int Params = 4;
    public const int Stdin = 5;
    public const int Stdout = 6;
    public const int Data = 8;
    public const int GetValues = 9;

    public static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>A record; padding -1 pads to 8 as nginx does, and the padding bytes are junk on purpose.</summary>
    public static byte[] Record(int type, int requestId, byte[] content, int padding = -1, int version = 1)
    {
        if (padding < 0)
        {
            padding = (8 - (content.Length % 8)) % 8;
        }
        byte[] header = [(byte)version, (byte)type, (byte)(requestId >> 8), (byte)requestId, (byte)(content.Length >> 8), (byte)content.Length, (byte)padding, 0];
        return Concat(header, content, Enumerable.Repeat((byte)0xAA, padding).ToArray());
    }

    public static byte[] Begin(int requestId, int role = 1, int flags = 0) =>
        Record(BeginRequest, requestId, [(byte)(role >> 8), (byte)role, (byte)flags, 0, 0, 0, 0, 0]);

    public static byte[] Empty(int type, int requestId) => Record(type, requestId, []);

    public static byte[] Length(int length, bool forceLong = false) =>
        length < 128 && !forceLong
            ? [(byte)length]
            : [(byte)((length >> 24) | 0x80), (byte)(length >> 16), (byte)(length >> 8), (byte)length];

    public static byte[] Pair(string name, string value, bool forceLong = false) =>
        Concat(Length(name.Length, forceLong), Length(value.Length, forceLong), Latin1(name), Latin1(value));

    public static byte[] Pairs(IEnumerable<(string Name, string Value)> pairs) => Concat(pairs.Select(p => Pair(p.Name, p.Value)).ToArray());

    /// <summary>All pairs in one PARAMS record then the empty one: what nginx sends.</summary>
    public static byte[] ParamsStream(int requestId, IEnumerable<(string Name, string Value)> pairs) =>
        Concat(Record(Params, requestId, Pairs(pairs)), Empty(Params, requestId));

    /// <summary>The same stream content cut into PARAMS records at the given offsets, then the empty record.</summary>
    public static byte[] ParamsSplit(int requestId, byte[] content, params int[] cuts)
    {
        var records = new List<byte[]>();
        var start = 0;
        foreach (var cut in cuts.Append(content.Length))
        {
            records.Add(Record(Params, requestId, content[start..cut]));
            start = cut;
        }
        records.Add(Empty(Params, requestId));
        return Concat(records.ToArray());
    }

    public static byte[] StdinStream(int requestId, params string[] chunks) =>
        Concat(chunks.Select(c => Record(Stdin, requestId, Latin1(c))).Append(Empty(Stdin, requestId)).ToArray());
}
