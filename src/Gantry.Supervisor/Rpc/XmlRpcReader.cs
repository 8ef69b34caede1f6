using System.Globalization;
using System.Xml;

namespace Gantry.Supervisor.Rpc;

/// <summary>
/// XML-RPC (xmlrpc.com/spec) values read with System.Xml's XmlReader (no DTD, no external entities): a methodCall's
/// name and parameters, or a methodResponse's value or fault (for <c>gantry ctl</c>). Values become string, int,
/// bool, double, byte[], DateTime, List&lt;object?&gt; and Dictionary&lt;string, object?&gt;.
/// </summary>
internal static class XmlRpcReader
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreWhitespace = false,
        IgnoreComments = true,
        MaxCharactersInDocument = 64 * 1024 * 1024,
    };

    public static (string Method, List<object?> Parameters) ReadCall(Stream body)
    {
        try
        {
            using var reader = XmlReader.Create(body, Settings);
            reader.MoveToContent();
            Expect(reader, "methodCall");
            string? method = null;
            var parameters = new List<object?>();
            while (Next(reader, "methodCall"))
            {
                if (reader.Name == "methodName")
                {
                    method = reader.ReadElementContentAsString().Trim();
                    continue;
                }
                if (reader.Name == "param")
                {
                    parameters.Add(ReadParam(reader));
                    continue;
                }
                if (reader.Name != "params")
                {
                    reader.Skip();
                    continue;
                }
                reader.Read();
            }
            return (method ?? throw new XmlException("methodCall without methodName"), parameters);
        }
        catch (Exception exception) when (exception is XmlException or FormatException or OverflowException)
        {
            throw new RpcFault(Faults.IncorrectParameters, "not an XML-RPC call: " + exception.Message);
        }
    }

    /// <summary>A methodResponse: the value, or an <see cref="RpcFault"/> thrown for a fault.</summary>
    public static object? ReadResponse(Stream body)
    {
        using var reader = XmlReader.Create(body, Settings);
        reader.MoveToContent();
        Expect(reader, "methodResponse");
        while (Next(reader, "methodResponse"))
        {
            if (reader.Name == "fault")
            {
                reader.ReadToDescendant("value");
                var fault = ReadValue(reader) as Dictionary<string, object?> ?? [];
                var code = fault.GetValueOrDefault("faultCode") is int number ? number : 0;
                throw new RemoteFault(code, fault.GetValueOrDefault("faultString") as string ?? "");
            }
            if (reader.Name == "param")
            {
                return ReadParam(reader);
            }
            reader.Read();
        }
        return null;
    }

    private static object? ReadParam(XmlReader reader)
    {
        object? value = null;
        while (Next(reader, "param"))
        {
            if (reader.Name == "value")
            {
                value = ReadValue(reader);
                continue;
            }
            reader.Skip();
        }
        reader.Read();
        return value;
    }

    /// <summary>Reads a &lt;value&gt; element, leaving the reader after it.</summary>
    private static object? ReadValue(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return "";
        }
        reader.Read();
        object? value = null;
        var text = "";
        var typed = false;
        while (reader.NodeType != XmlNodeType.EndElement)
        {
            if (reader.NodeType is XmlNodeType.Text or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
            {
                text += reader.Value;
                reader.Read();
                continue;
            }
            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
                continue;
            }
            typed = true;
            value = reader.Name switch
            {
                "string" => reader.ReadElementContentAsString(),
                "int" or "i4" or "i8" => Integer(reader.ReadElementContentAsString()),
                "boolean" => reader.ReadElementContentAsString().Trim() == "1",
                "double" => double.Parse(reader.ReadElementContentAsString().Trim(), CultureInfo.InvariantCulture),
                "base64" => Convert.FromBase64String(reader.ReadElementContentAsString().Trim()),
                "dateTime.iso8601" => DateTime.ParseExact(reader.ReadElementContentAsString().Trim(), "yyyyMMdd'T'HH:mm:ss", CultureInfo.InvariantCulture),
                "nil" => SkipNil(reader),
                "array" => ReadArray(reader),
                "struct" => ReadStruct(reader),
                _ => throw new XmlException($"unknown XML-RPC type <{reader.Name}>"),
            };
        }
        reader.Read();
        return typed ? value : text;
    }

    /// <summary>An int when it fits (supervisord's values all do), else a long.</summary>
    private static object Integer(string text)
    {
        var number = long.Parse(text.Trim(), CultureInfo.InvariantCulture);
        // Two returns, not a conditional: one would convert the int back to long.
        if (number is >= int.MinValue and <= int.MaxValue)
        {
            return (int)number;
        }
        return number;
    }

    private static object? SkipNil(XmlReader reader)
    {
        reader.Skip();
        return null;
    }

    private static List<object?> ReadArray(XmlReader reader)
    {
        var items = new List<object?>();
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return items;
        }
        reader.Read();
        while (reader.NodeType != XmlNodeType.EndElement || reader.Name != "array")
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Name == "value")
            {
                items.Add(ReadValue(reader));
                continue;
            }
            reader.Read();
        }
        reader.Read();
        return items;
    }

    private static Dictionary<string, object?> ReadStruct(XmlReader reader)
    {
        var members = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return members;
        }
        reader.Read();
        string? name = null;
        while (reader.NodeType != XmlNodeType.EndElement || reader.Name != "struct")
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Name == "name")
            {
                name = reader.ReadElementContentAsString();
                continue;
            }
            if (reader.NodeType == XmlNodeType.Element && reader.Name == "value")
            {
                members[name ?? ""] = ReadValue(reader);
                continue;
            }
            reader.Read();
        }
        reader.Read();
        return members;
    }

    private static void Expect(XmlReader reader, string name)
    {
        if (reader.NodeType != XmlNodeType.Element || reader.Name != name)
        {
            throw new XmlException($"expected <{name}>, found <{reader.Name}>");
        }
    }

    /// <summary>Moves to the next child element of <paramref name="parent"/>; false at its end.</summary>
    private static bool Next(XmlReader reader, string parent)
    {
        if (reader.NodeType == XmlNodeType.Element && reader.Name == parent)
        {
            if (reader.IsEmptyElement)
            {
                return false;
            }
            reader.Read();
        }
        while (true)
        {
            if (reader.EOF || (reader.NodeType == XmlNodeType.EndElement && reader.Name == parent))
            {
                return false;
            }
            if (reader.NodeType == XmlNodeType.Element)
            {
                return true;
            }
            reader.Read();
        }
    }
}

/// <summary>A fault the server answered (for the client side).</summary>
internal sealed class RemoteFault(int code, string text) : Exception(text)
{
    public int Code { get; } = code;
}
