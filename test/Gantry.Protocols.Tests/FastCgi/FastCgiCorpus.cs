using static Gantry.Protocols.Tests.FastCgi.FastCgiBytes;
using static Gantry.Protocols.Tests.FastCgi.RecordingRequestHandler;

namespace Gantry.Protocols.Tests.FastCgi;

/// <summary>Good and malformed web-server-to-application streams, each with the events every chunking must produce.</summary>
internal static class FastCgiCorpus
{
    private static readonly List<(string Name, string Value)> Stock = NginxFastCgiParams.ForPhpGet(debian: false, fastcgiConf: true);
    private static readonly List<(string Name, string Value)> DebianPost = NginxFastCgiParams.ForPhpGet(debian: true, fastcgiConf: true, "11", "POST");
    private static readonly byte[] LongPair = Pair("HTTP_X_LONG", new string('v', 300));
    private static readonly List<(string Name, string Value)> ManyPairs = Enumerable.Range(0, 129).Select(i => ($"V{i}", "")).ToList();

    public static readonly IReadOnlyDictionary<string, FastCgiCorpusCase> Cases = new Dictionary<string, FastCgiCorpusCase>
    {
        ["nginx-get-stock"] = new(
            Concat(Begin(1), ParamsStream(1, Stock), StdinStream(1)),
            [Began(1), .. Lines(Stock), "params-end", "stdin-end 0", "end", Eof(0, false)]),
        ["nginx-post-debian"] = new(
            Concat(Begin(1), ParamsStream(1, DebianPost), StdinStream(1, "hello ", "world")),
            [Began(1), .. Lines(DebianPost), "params-end", "stdin hello ", "stdin world", "stdin-end 11", "end", Eof(0, false)]),
        ["keep-conn-two-requests"] = new(
            Concat(Begin(1, flags: 1), ParamsStream(1, [("A", "1")]), StdinStream(1), Begin(1, flags: 1), ParamsStream(1, [("B", "2")]), StdinStream(1, "x")),
            ["begin 1 Responder KeepConnection", "param A=1", "params-end", "stdin-end 0", "end",
             "begin 1 Responder KeepConnection", "param B=2", "params-end", "stdin x", "stdin-end 1", "end", Eof(0, false)]),
        ["params-cut-inside-4-byte-length"] = new(
            Concat(Begin(1), ParamsSplit(1, LongPair, 2, 3, 150), StdinStream(1)),
            [Began(1), $"param HTTP_X_LONG={new string('v', 300)}", "params-end", "stdin-end 0", "end", Eof(0, false)]),
        ["params-cut-after-first-byte"] = new(
            Concat(Begin(1), ParamsSplit(1, Pairs([("A", "1"), ("B", "2")]), 1, 4), StdinStream(1)),
            [Began(1), "param A=1", "param B=2", "params-end", "stdin-end 0", "end", Eof(0, false)]),
        ["params-one-record-per-pair"] = new(
            Concat(Begin(1), Record(Params, 1, Pair("A", "1")), Record(Params, 1, Pair("B", "")), Empty(Params, 1), StdinStream(1)),
            [Began(1), "param A=1", "param B=", "params-end", "stdin-end 0", "end", Eof(0, false)]),
        ["long-form-short-lengths"] = new(
            Concat(Begin(1), Record(Params, 1, Pair("A", "b", forceLong: true)), Empty(Params, 1), StdinStream(1)),
            [Began(1), "param A=b", "params-end", "stdin-end 0", "end", Eof(0, false)]),
        ["odd-and-maximum-padding"] = new(
            Concat(Begin(1), Record(Params, 1, Pair("A", "1"), padding: 255), Empty(Params, 1), Record(Stdin, 1, Latin1("abc"), padding: 0), Record(Stdin, 1, [], padding: 3)),
            [Began(1), "param A=1", "params-end", "stdin abc", "stdin-end 3", "end", Eof(0, false)]),
        ["get-values"] = new(
            Record(GetValues, 0, Pairs([("FCGI_MAX_CONNS", ""), ("FCGI_MPXS_CONNS", ""), ("FOO", "")])),
            ["get-values FCGI_MAX_CONNS,FCGI_MPXS_CONNS,FOO", Eof(0, false)]),
        ["unknown-management-type"] = new(Record(12, 0, []), ["unknown-management 12", Eof(0, false)]),
        ["begin-with-null-id-is-management"] = new(Begin(0), ["unknown-management 1", Eof(0, false)]),
        ["begin-while-busy"] = new(
            Concat(Begin(1), Begin(2), ParamsStream(2, [("X", "2")]), ParamsStream(1, [("A", "1")]), StdinStream(1)),
            [Began(1), "busy 2", "param A=1", "params-end", "stdin-end 0", "end", Eof(0, false)]),
        ["inactive-ids-ignored"] = new(
            Concat(Record(Params, 3, Pair("X", "3")), Begin(1), Record(Stdin, 7, Latin1("zz")), ParamsStream(1, [("A", "1")]), StdinStream(1)),
            [Began(1), "param A=1", "params-end", "stdin-end 0", "end", Eof(0, false)]),
        ["abort-mid-body"] = new(
            Concat(Begin(1), ParamsStream(1, [("A", "1")]), Record(Stdin, 1, Latin1("ab")), Empty(AbortRequest, 1), StdinStream(1, "cd")),
            [Began(1), "param A=1", "params-end", "stdin ab", "abort 1", "end", Eof(0, false)]),
        ["late-stdin-after-early-end-ignored"] = new(
            Concat(Begin(1), ParamsStream(1, [("A", "1")]), StdinStream(1, "late")),
            [Began(1), "param A=1", "params-end", "end", Eof(0, false)], AtParamsEnd),
        ["unknown-role"] = new(
            Concat(Begin(1, role: 9), ParamsStream(1, [("A", "1")]), StdinStream(1)),
            ["begin 1 9 None", "end unknown-role", Eof(0, false)]),
        ["authorizer-role"] = new(
            Concat(Begin(1, role: 2), ParamsStream(1, [("A", "1")]), StdinStream(1)),
            ["begin 1 Authorizer None", "param A=1", "params-end", "stdin-end 0", "end", Eof(0, false)]),
        ["filter-role-with-data"] = new(
            Concat(Begin(1, role: 3), ParamsStream(1, [("A", "1")]), StdinStream(1), Record(Data, 1, Latin1("file")), Empty(Data, 1)),
            ["begin 1 Filter None", "param A=1", "params-end", "stdin-end 0", "data file", "data-end 4", "end", Eof(0, false)], AtDataEnd),
        // The body ends after 4 of CONTENT_LENGTH's 10 bytes: the reader reports the 4, the connection compares.
        ["body-shorter-than-content-length"] = new(
            Concat(Begin(1), ParamsStream(1, [("CONTENT_LENGTH", "10")]), StdinStream(1, "abcd")),
            [Began(1), "param CONTENT_LENGTH=10", "params-end", "stdin abcd", "stdin-end 4", "end", Eof(0, false)]),
        ["eof-mid-body"] = new(
            Concat(Begin(1), ParamsStream(1, [("A", "1")]), Record(Stdin, 1, Latin1("ab"))),
            [Began(1), "param A=1", "params-end", "stdin ab", Eof(0, true)]),
        ["declared-content-larger-than-data"] = new(
            Concat(Begin(1), Record(Params, 1, new byte[50])[..18]),
            [Began(1), Eof(18, true)]),
        ["huge-declared-stdin"] = new(
            Concat(Begin(1), ParamsStream(1, [("A", "1")]), [1, Stdin, 0, 1, 0xff, 0xff, 0xff, 0, 1, 2, 3]),
            [Began(1), "param A=1", "params-end", Eof(11, true)]),

        ["huge-declared-params"] = new(Concat(Begin(1), [1, Params, 0, 1, 0xff, 0xff, 0, 0]), [Began(1), "rejected ParamsTooLarge"]),
        ["params-too-large-across-records"] = new(
            Concat(Begin(1), ParamsSplit(1, Pair("BIG", new string('b', 5000)), 2000, 4000)),
            [Began(1), "rejected ParamsTooLarge"]),
        ["too-many-params"] = new(
            Concat(Begin(1), ParamsStream(1, ManyPairs)),
            [Began(1), .. Lines(ManyPairs.Take(128)), "rejected TooManyParams"]),
        ["bad-version"] = new(Record(Params, 1, [], version: 2), ["rejected BadVersion"]),
        ["http-request-on-fastcgi-socket"] = new(Latin1("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), ["rejected BadVersion"]),
        ["bad-version-after-good-request"] = new(
            Concat(Begin(1), ParamsStream(1, [("A", "1")]), StdinStream(1), [0]),
            [Began(1), "param A=1", "params-end", "stdin-end 0", "end", "rejected BadVersion"]),
        ["zero-length-name"] = new(Concat(Begin(1), Record(Params, 1, [0, 1, (byte)'x'])), [Began(1), "rejected ZeroLengthName"]),
        ["truncated-pair-at-params-end"] = new(
            Concat(Begin(1), ParamsSplit(1, Pair("PATH_INFO", "/x")[..5])),
            [Began(1), "rejected TruncatedNameValue"]),
        ["stdin-before-params-end"] = new(Concat(Begin(1), Record(Stdin, 1, Latin1("x"))), [Began(1), "rejected RecordOutOfOrder"]),
        ["data-before-params-end"] = new(Concat(Begin(1), Empty(Data, 1)), [Began(1), "rejected RecordOutOfOrder"]),
        ["params-after-params-end"] = new(
            Concat(Begin(1), ParamsStream(1, [("A", "1")]), Record(Params, 1, Pair("B", "2"))),
            [Began(1), "param A=1", "params-end", "rejected RecordOutOfOrder"]),
        ["stdin-after-stdin-end"] = new(
            Concat(Begin(1), ParamsStream(1, [("A", "1")]), StdinStream(1), Record(Stdin, 1, Latin1("x"))),
            [Began(1), "param A=1", "params-end", "stdin-end 0", "rejected RecordOutOfOrder"], Never),
        ["duplicate-begin-same-id"] = new(Concat(Begin(1), Begin(1)), [Began(1), "rejected RecordOutOfOrder"]),
        ["stdout-from-web-server"] = new(Concat(Begin(1), Record(Stdout, 1, Latin1("x"))), [Began(1), "rejected UnknownRecordForRequest"]),
        ["end-request-from-web-server"] = new(Concat(Begin(1), Record(EndRequest, 1, new byte[8])), [Began(1), "rejected UnknownRecordForRequest"]),
        ["undefined-type-for-request"] = new(Concat(Begin(1), Record(42, 1, [])), [Began(1), "rejected UnknownRecordForRequest"]),
        ["begin-body-too-short"] = new(Record(BeginRequest, 1, [0, 1, 0, 0, 0]), ["rejected BadBeginRequestBody"]),
        ["get-values-truncated"] = new(Record(GetValues, 0, [14, 0, (byte)'F']), ["rejected TruncatedNameValue"]),
    };

    private static string Began(int requestId) => $"begin {requestId} Responder None";

    private static string Eof(int held, bool active) => $"eof held={held} active={active}";

    private static IEnumerable<string> Lines(IEnumerable<(string Name, string Value)> pairs) => pairs.Select(p => $"param {p.Name}={p.Value}");
}
