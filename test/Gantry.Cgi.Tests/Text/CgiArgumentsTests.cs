using Gantry.Cgi.Tests.Infrastructure;

namespace Gantry.Cgi.Tests.Text;

/// <summary>An indexed query (RFC 3875 §4.4) as the script's command-line words.</summary>
public sealed class CgiArgumentsTests
{
    [Theory]
    [InlineData("word", new[] { "word" })]
    [InlineData("a+b+c", new[] { "a", "b", "c" })]
    [InlineData("%2B", new[] { "+" })]
    [InlineData("c%2B%2B+x", new[] { "c++", "x" })]
    [InlineData("caf%C3%A9", new[] { "café" })]
    // No shell runs the words, so nothing is escaped: they reach execve as they are.
    [InlineData("a%20b+%3Bls+%24HOME", new[] { "a b", ";ls", "$HOME" })]
    // A word holding NUL cannot be a C string: it is dropped, the others stay.
    [InlineData("a%00b+c", new[] { "c" })]
    [InlineData("%00", new string[0])]
    public void FromQuery_IndexedQuery_DecodedWords(string query, string[] words)
    {
        Assert.Equal(words, CgiArguments.FromQuery(System.Text.Encoding.ASCII.GetBytes(query)).Select(System.Text.Encoding.UTF8.GetString));
    }

    [Fact]
    public void FromQuery_WordNotUtf8_BytesKept()
    {
        Assert.Equal([(byte)'c', (byte)'a', (byte)'f', 0xE9], Assert.Single(CgiArguments.FromQuery("caf%E9"u8)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a=b")]
    [InlineData("x+y=z")]
    [InlineData("=")]
    public void FromQuery_EmptyOrWithEquals_NoWords(string query)
    {
        Assert.Empty(CgiArguments.FromQuery(System.Text.Encoding.ASCII.GetBytes(query)));
    }

    [Theory]
    // uWSGI parity: uWSGI splits with strtok_r, which skips empty words (RFC 3875 §4.4: a search-word has at least
    // one character).
    [InlineData("a++b", new[] { "a", "b" })]
    [InlineData("+a+", new[] { "a" })]
    public void FromQuery_EmptyWords_SkippedAsUwsgiDoes(string query, string[] words)
    {
        Assert.Equal(words, CgiArguments.FromQuery(System.Text.Encoding.ASCII.GetBytes(query)).Select(System.Text.Encoding.UTF8.GetString));
    }
}
