using System.Globalization;
using System.Text;

namespace Gantry.Protocols.Tests.Uwsgi;

/// <summary>Builds uwsgi bytes by hand, independently of the writer under test.</summary>
internal static class UwsgiBytes
{
    public static byte[] Hex(string hex) =>
        hex.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(h => byte.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();

    public static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    public static byte[] Size(int value) => [(byte)value, (byte)(value >> 8)];

    public static byte[] Header(byte modifier1, int dataSize, byte modifier2 = 0) => [modifier1, (byte)dataSize, (byte)(dataSize >> 8), modifier2];

    public static byte[] Variable(string key, string value) =>
        Concat(Size(key.Length), Latin1(key), Size(value.Length), Latin1(value));

    public static byte[] Block(IEnumerable<(string Key, string Value)> variables) =>
        Concat(variables.Select(v => Variable(v.Key, v.Value)).ToArray());

    public static byte[] Packet(params (string Key, string Value)[] variables) => Packet(0, 0, variables);

    public static byte[] Packet(byte modifier1, byte modifier2, IEnumerable<(string Key, string Value)> variables)
    {
        var block = Block(variables);
        return Concat(Header(modifier1, block.Length, modifier2), block);
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
