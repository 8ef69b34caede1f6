using Gantry.Configuration.Registry;

namespace Gantry.Configuration.Tests.Registry;

public sealed class EditDistanceTests
{
    [Theory]
    [InlineData("", "", 0)]
    [InlineData("abc", "", 3)]
    [InlineData("socket", "socket", 0)]
    [InlineData("Socket", "socket", 0)]
    [InlineData("sockte", "socket", 2)]
    [InlineData("proccesses", "processes", 1)]
    [InlineData("kitten", "sitting", 3)]
    public void Between_Strings_CountsEdits(string left, string right, int expected)
    {
        Assert.Equal(expected, EditDistance.Between(left, right));
        Assert.Equal(expected, EditDistance.Between(right, left));
    }
}
