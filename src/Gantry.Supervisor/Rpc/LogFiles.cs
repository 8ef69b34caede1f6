using System.Text;

namespace Gantry.Supervisor.Rpc;

/// <summary>supervisord's readFile and tailFile (options.py), over the log files.</summary>
internal static class LogFiles
{
    /// <summary>readFile: a negative offset reads that many bytes from the end (length must then be 0); length 0 reads to the end.</summary>
    public static string Read(string path, int offset, int length)
    {
        if ((offset < 0 && length != 0) || length < 0)
        {
            throw new RpcFault(Faults.BadArguments);
        }
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            long position = offset >= 0 ? offset : Math.Max(0, file.Length + offset);
            var count = offset < 0 ? (int)(file.Length - position) : length == 0 ? (int)Math.Max(0, file.Length - position) : length;
            return Decode(file, position, count);
        }
        catch (IOException)
        {
            throw new RpcFault(Faults.Failed);
        }
    }

    /// <summary>tailFile: [bytes, next offset, overflow].</summary>
    public static List<object?> Tail(string path, int offset, int length)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var size = file.Length;
            long start = offset;
            long count = length;
            var overflow = false;
            if (size > start + count)
            {
                overflow = true;
                start = size - 1;
            }
            if (start + count > size)
            {
                if (start > size - 1)
                {
                    count = 0;
                }
                start = size - count;
            }
            start = Math.Max(0, start);
            count = Math.Max(0, count);
            var data = count == 0 ? "" : Decode(file, start, (int)count);
            return [data, (int)Math.Min(int.MaxValue, size), overflow];
        }
        catch (IOException)
        {
            return ["", offset, false];
        }
    }

    private static string Decode(FileStream file, long position, int count)
    {
        var buffer = new byte[Math.Max(0, (int)Math.Min(count, file.Length - position))];
        file.Position = position;
        file.ReadExactly(buffer);
        return Encoding.UTF8.GetString(buffer);
    }
}
