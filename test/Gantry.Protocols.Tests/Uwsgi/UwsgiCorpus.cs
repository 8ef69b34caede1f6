using Gantry.Protocols.Uwsgi;
using static Gantry.Protocols.Tests.Uwsgi.UwsgiBytes;

namespace Gantry.Protocols.Tests.Uwsgi;

/// <summary>Good and malformed uwsgi request streams, each with the outcome every chunking must reach.</summary>
internal static class UwsgiCorpus
{
    private static readonly string Kilobytes4 = new('v', 4096 - 2 - 1 - 2);

    public static readonly IReadOnlyDictionary<string, UwsgiCorpusCase> Cases = new Dictionary<string, UwsgiCorpusCase>
    {
        // protocols-and-peers.md §1.2, byte for byte.
        ["notes-example"] = new(
            Concat(Hex("00 23 00 00 0e 00"), Latin1("REQUEST_METHOD"), Hex("03 00"), Latin1("GET"), Hex("09 00"), Latin1("PATH_INFO"), Hex("01 00"), Latin1("/")),
            "packet m1=0 m2=0 vars=2 REQUEST_METHOD=GET PATH_INFO=/ body=0"),
        ["empty-block"] = new(Hex("00 00 00 00"), "packet m1=0 m2=0 vars=0 body=0"),
        ["empty-value-last"] = new(Packet(("PATH_INFO", "/"), ("CONTENT_LENGTH", "")), "packet m1=0 m2=0 vars=2 PATH_INFO=/ CONTENT_LENGTH= body=0"),
        ["empty-value-first"] = new(Packet(("QUERY_STRING", ""), ("PATH_INFO", "/")), "packet m1=0 m2=0 vars=2 QUERY_STRING= PATH_INFO=/ body=0"),
        ["binary-value"] = new(Packet(("X", "\0\u00ff\r\n")), "packet m1=0 m2=0 vars=1 X=\\x00\\xff\\x0d\\x0a body=0"),
        ["nginx-stock-get"] = new(Packet(0, 0, NginxUwsgiParams.ForGet(debian: false)), "packet m1=0 m2=0 vars=17 QUERY_STRING=x=1&y=%C3%A9 REQUEST_METHOD=GET CONTENT_TYPE= body=0"),
        ["nginx-debian-get"] = new(Packet(0, 0, NginxUwsgiParams.ForGet(debian: true)), "packet m1=0 m2=0 vars=17 QUERY_STRING=x=1&y=%C3%A9 REQUEST_METHOD=GET CONTENT_TYPE= body=0"),
        ["post-with-body"] = new(
            Concat(Packet(("REQUEST_METHOD", "POST"), ("CONTENT_LENGTH", "3")), Latin1("a=1")),
            "packet m1=0 m2=0 vars=2 REQUEST_METHOD=POST CONTENT_LENGTH=3 body=3"),
        // The stream ends 6 bytes into a 10-byte body: the packet is fine, and the reader hands the connection
        // the 4 body bytes it has; the connection sees EOF before CONTENT_LENGTH and drops the request.
        ["body-shorter-than-content-length"] = new(
            Concat(Packet(("REQUEST_METHOD", "POST"), ("CONTENT_LENGTH", "10")), Latin1("a=1&")),
            "packet m1=0 m2=0 vars=2 REQUEST_METHOD=POST CONTENT_LENGTH=10 body=4"),
        ["cgi-modifier"] = new(Packet(9, 0, [("SCRIPT_NAME", "/cgi-bin/x")]), "packet m1=9 m2=0 vars=1 SCRIPT_NAME=/cgi-bin/x body=0"),
        ["ping"] = new(Hex("64 00 00 00"), "packet m1=100 m2=0 vars=0 body=0"),
        ["block-at-buffer-size"] = new(Packet(("K", Kilobytes4)), $"packet m1=0 m2=0 vars=1 K={Kilobytes4} body=0"),
        ["max-variables"] = new(Packet(0, 0, Enumerable.Range(0, 128).Select(i => ($"V{i}", ""))), "packet m1=0 m2=0 vars=128 V0= V1= V2= body=0"),

        ["header-only-three-bytes"] = new(Hex("00 23 00"), "incomplete held=3"),
        ["declared-size-larger-than-data"] = new(Concat(Header(0, 0x23), Variable("REQUEST_METHOD", "GET")), "incomplete held=25"),
        ["huge-declared-size"] = new(Hex("00 ff ff 00"), "rejected BlockLargerThanBufferSize"),
        ["block-one-over-buffer-size"] = new(Packet(("K", Kilobytes4 + "v")), "rejected BlockLargerThanBufferSize"),
        // "GET / HTTP/1.1" sent to a uwsgi socket reads as modifier1 'G' and datasize "ET" = 0x5445 = 21573.
        ["http-request-on-uwsgi-socket"] = new(Latin1("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), "rejected BlockLargerThanBufferSize"),
        ["zero-length-key"] = new(Concat(Header(0, 4), Hex("00 00 00 00")), "rejected ZeroLengthKey"),
        ["zero-length-key-after-good"] = new(Concat(Header(0, 13 + 4), Variable("PATH_INFO", ""), Hex("00 00 01 00")), "rejected ZeroLengthKey"),
        ["truncated-key-size"] = new(Concat(Header(0, 15 + 1), Variable("PATH_INFO", "/a"), Hex("05")), "rejected TruncatedKeySize"),
        ["truncated-key"] = new(Concat(Header(0, 2 + 3), Hex("0a 00"), Latin1("PAT")), "rejected TruncatedKey"),
        ["truncated-value-size-missing"] = new(Concat(Header(0, 2 + 9), Hex("09 00"), Latin1("PATH_INFO")), "rejected TruncatedValueSize"),
        ["truncated-value-size-half"] = new(Concat(Header(0, 2 + 9 + 1), Hex("09 00"), Latin1("PATH_INFO"), Hex("01")), "rejected TruncatedValueSize"),
        ["truncated-value"] = new(Concat(Header(0, 2 + 9 + 2 + 2), Hex("09 00"), Latin1("PATH_INFO"), Hex("05 00"), Latin1("/a")), "rejected TruncatedValue"),
        ["too-many-variables"] = new(Packet(0, 0, Enumerable.Range(0, 129).Select(i => ($"V{i}", ""))), "rejected TooManyVariables"),
        ["too-many-variables-small-limit"] = new(
            Packet(("A", "1"), ("B", "2"), ("C", "3")), "rejected TooManyVariables", UwsgiPacketLimits.FromUwsgiOptions(4096, 1)),
    };
}
