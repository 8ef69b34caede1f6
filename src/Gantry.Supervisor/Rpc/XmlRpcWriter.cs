using System.Globalization;
using System.Text;
using System.Xml;

namespace Gantry.Supervisor.Rpc;

/// <summary>XML-RPC responses and calls written with XmlWriter, in the shape Python's xmlrpc.client writes them.</summary>
internal static class XmlRpcWriter
{
    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(false),
        Indent = false,
        OmitXmlDeclaration = false,
        CheckCharacters = false,
    };

    public static byte[] Response(object? value) => Write(writer =>
    {
        writer.WriteStartElement("methodResponse");
        writer.WriteStartElement("params");
        writer.WriteStartElement("param");
        WriteValue(writer, value);
        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteEndElement();
    });

    public static byte[] Fault(int code, string text) => Write(writer =>
    {
        writer.WriteStartElement("methodResponse");
        writer.WriteStartElement("fault");
        WriteValue(writer, new Dictionary<string, object?> { ["faultCode"] = code, ["faultString"] = text });
        writer.WriteEndElement();
        writer.WriteEndElement();
    });

    public static byte[] Call(string method, IReadOnlyList<object?> parameters) => Write(writer =>
    {
        writer.WriteStartElement("methodCall");
        writer.WriteElementString("methodName", method);
        writer.WriteStartElement("params");
        foreach (var parameter in parameters)
        {
            writer.WriteStartElement("param");
            WriteValue(writer, parameter);
            writer.WriteEndElement();
        }
        writer.WriteEndElement();
        writer.WriteEndElement();
    });

    private static byte[] Write(Action<XmlWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, Settings))
        {
            writer.WriteStartDocument();
            body(writer);
            writer.WriteEndDocument();
        }
        return stream.ToArray();
    }

    private static void WriteValue(XmlWriter writer, object? value)
    {
        writer.WriteStartElement("value");
        switch (value)
        {
            case null:
                writer.WriteElementString("nil", "");
                break;
            case string text:
                writer.WriteElementString("string", Clean(text));
                break;
            case bool flag:
                writer.WriteElementString("boolean", flag ? "1" : "0");
                break;
            case int number:
                writer.WriteElementString("int", number.ToString(CultureInfo.InvariantCulture));
                break;
            case long number:
                writer.WriteElementString(number is >= int.MinValue and <= int.MaxValue ? "int" : "i8", number.ToString(CultureInfo.InvariantCulture));
                break;
            case double number:
                writer.WriteElementString("double", number.ToString("R", CultureInfo.InvariantCulture));
                break;
            case byte[] bytes:
                writer.WriteElementString("base64", Convert.ToBase64String(bytes));
                break;
            case IReadOnlyDictionary<string, object?> members:
                writer.WriteStartElement("struct");
                foreach (var (name, member) in members)
                {
                    writer.WriteStartElement("member");
                    writer.WriteElementString("name", name);
                    WriteValue(writer, member);
                    writer.WriteEndElement();
                }
                writer.WriteEndElement();
                break;
            case System.Collections.IEnumerable items:
                writer.WriteStartElement("array");
                writer.WriteStartElement("data");
                foreach (var item in items)
                {
                    WriteValue(writer, item);
                }
                writer.WriteEndElement();
                writer.WriteEndElement();
                break;
            default:
                writer.WriteElementString("string", Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
        writer.WriteEndElement();
    }

    /// <summary>Characters XML 1.0 cannot carry (a log's control bytes) become U+FFFD, as a lenient peer expects.</summary>
    private static string Clean(string text)
    {
        foreach (var c in text)
        {
            if (c < 0x20 && c is not ('\t' or '\n' or '\r'))
            {
                var builder = new StringBuilder(text.Length);
                foreach (var d in text)
                {
                    builder.Append(d < 0x20 && d is not ('\t' or '\n' or '\r') ? '\uFFFD' : d);
                }
                return builder.ToString();
            }
        }
        return text;
    }
}
