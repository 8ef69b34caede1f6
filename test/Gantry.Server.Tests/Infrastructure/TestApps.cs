using System.Text;
using Gantry.Application;

namespace Gantry.Server.Tests.Infrastructure;

/// <summary>C# applications shared by the front tests.</summary>
internal static class TestApps
{
    /// <summary>Prints every variable as KEY=value, then https=, body_length= and body= (the body as latin-1).</summary>
    public static TestApplication Echo() => new((request, response) =>
    {
        var body = new byte[request.Body.Length];
        request.Body.Read(body);
        var text = new StringBuilder();
        for (var i = 0; i < request.Variables.Count; i++)
        {
            text.Append(Encoding.Latin1.GetString(request.Variables.KeyAt(i))).Append('=')
                .Append(Encoding.Latin1.GetString(request.Variables.ValueAt(i))).Append('\n');
        }
        text.Append("https=").Append(request.IsHttps ? "on" : "off").Append('\n');
        text.Append("body_length=").Append(body.Length).Append('\n');
        text.Append("body=").Append(Encoding.Latin1.GetString(body));
        response.SetStatus("200 OK"u8);
        response.AddHeader("Content-Type"u8, "text/plain"u8);
        response.Write(Encoding.Latin1.GetBytes(text.ToString()));
        return ApplicationStep.Completed;
    });

    /// <summary>"Hello World" with the given status.</summary>
    public static TestApplication Hello(string status = "200 OK") => new((request, response) =>
    {
        response.SetStatus(Encoding.ASCII.GetBytes(status));
        response.AddHeader("Content-Type"u8, "text/plain"u8);
        response.Write("Hello World"u8);
        return ApplicationStep.Completed;
    });

    /// <summary>Fails before sending anything (the host would have logged a traceback).</summary>
    public static TestApplication Failing() => new((request, response) => ApplicationStep.Failed);

    /// <summary>Sends <paramref name="length"/> bytes of the file at <paramref name="path"/> with WriteFile (sendfile).</summary>
    public static TestApplication File(string path) => new((request, response) =>
    {
        using var file = System.IO.File.OpenHandle(path);
        response.SetStatus("200 OK"u8);
        response.AddHeader("Content-Type"u8, "application/octet-stream"u8);
        var fd = (int)file.DangerousGetHandle();
        if (!response.WriteFile(fd, 0, -1))
        {
            // The test's slow paths are not exercised here: the loop thread is the only reader, so drain it.
            response.Drain();
        }
        return ApplicationStep.Completed;
    });

    /// <summary>The byte at <paramref name="index"/> of the patterned content the streaming app and file tests use.</summary>
    public static byte Pattern(long index) => (byte)('a' + index % 26);

    /// <summary>Patterned content of <paramref name="length"/> bytes.</summary>
    public static byte[] PatternBytes(int length)
    {
        var data = new byte[length];
        for (var i = 0; i < length; i++)
        {
            data[i] = Pattern(i);
        }
        return data;
    }
}
