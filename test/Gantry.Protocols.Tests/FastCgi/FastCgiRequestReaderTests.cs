using System.Buffers;
using Gantry.Protocols.FastCgi;
using static Gantry.Protocols.Tests.FastCgi.FastCgiBytes;

namespace Gantry.Protocols.Tests.FastCgi;

public class FastCgiRequestReaderTests
{
    [Fact]
    public void Read_PartialRecordAtTheEnd_ConsumesOnlyWholeRecords()
    {
        var begin = Begin(1);
        var input = Concat(begin, Record(Params, 1, Pair("A", "1"))[..5]);
        var reader = new FastCgiRequestReader(4096, 128);
        var handler = new RecordingRequestHandler(reader, RecordingRequestHandler.AtStdinEnd);

        var consumed = reader.Read(input, ref handler);

        Assert.Equal(begin.Length, consumed);
        Assert.True(reader.HasActiveRequest);
        Assert.Equal(1, reader.RequestId);
        Assert.False(reader.ParamsComplete);
    }

    [Fact]
    public void Read_GetValuesWhileRequestActive_AnsweredAndRequestUndisturbed()
    {
        var query = Pairs([("FCGI_MAX_REQS", "")]);
        var input = Concat(Begin(1), Record(GetValues, 0, query), ParamsStream(1, [("A", "1")]));
        var reader = new FastCgiRequestReader(4096, 128);
        var handler = new RecordingRequestHandler(reader, RecordingRequestHandler.AtStdinEnd);

        reader.Read(input, ref handler);
        var answer = new ArrayBufferWriter<byte>();
        FastCgiRecordWriter.WriteGetValuesResult(answer, query, new FastCgiManagementValues(1, 1, false));

        Assert.Equal(["begin 1 Responder None", "get-values FCGI_MAX_REQS", "param A=1", "params-end"], handler.Events);
        Assert.True(reader.ParamsComplete);
        Assert.Equal(Record(10, 0, Pairs([("FCGI_MAX_REQS", "1")])).Length, answer.WrittenCount);
    }

    [Fact]
    public void CompleteRequest_ThenNextBeginWithSameId_StartsAFreshRequest()
    {
        var reader = new FastCgiRequestReader(4096, 128);
        var handler = new RecordingRequestHandler(reader, RecordingRequestHandler.Never);
        reader.Read(Concat(Begin(1, flags: 1), Record(Params, 1, Pair("A", "1")[..3])), ref handler);

        reader.CompleteRequest();
        reader.Read(Concat(Begin(1), ParamsStream(1, [("B", "2")])), ref handler);

        Assert.Equal(["begin 1 Responder KeepConnection", "begin 1 Responder None", "param B=2", "params-end"], handler.Events);
    }

    [Fact]
    public void Read_NginxRequestsWithStructHandler_AllocatesNothingOnceWarm()
    {
        var input = Concat(
            Begin(1, flags: 1),
            ParamsStream(1, NginxFastCgiParams.ForPhpGet(debian: true, fastcgiConf: true, "3", "POST")),
            StdinStream(1, "a=1"));
        var reader = new FastCgiRequestReader(4096, 128);
        var handler = new CountingHandler { Reader = reader };
        reader.Read(input, ref handler);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            reader.Read(input, ref handler);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(1001, handler.Requests);
        Assert.Equal(3 * 1001, handler.BodyBytes);
    }

    private struct CountingHandler : IFastCgiRequestHandler
    {
        public FastCgiRequestReader Reader;
        public int Requests;
        public long BodyBytes;

        public readonly void OnBeginRequest(ushort requestId, FastCgiRole role, FastCgiBeginRequestFlags flags)
        {
        }

        public readonly void OnBeginRequestWhileBusy(ushort requestId)
        {
        }

        public readonly void OnNameValue(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
        {
        }

        public readonly void OnParamsEnd()
        {
        }

        public void OnStdin(ReadOnlySpan<byte> data) => BodyBytes += data.Length;

        public void OnStdinEnd(long totalBytes)
        {
            Requests++;
            Reader.CompleteRequest();
        }

        public readonly void OnData(ReadOnlySpan<byte> data)
        {
        }

        public readonly void OnDataEnd(long totalBytes)
        {
        }

        public readonly void OnAbortRequest(ushort requestId)
        {
        }

        public readonly void OnGetValues(ReadOnlySpan<byte> query)
        {
        }

        public readonly void OnUnknownManagementRecord(byte type)
        {
        }
    }
}
