using Gantry.Configuration;
using Gantry.Emperor;

namespace Gantry.Emperor.Tests;

public sealed class VassalLauncherTests
{
    [Fact]
    public void Arguments_AreUwsgisVassalArgv_BeforeAndAfterTheFile()
    {
        var options = new EmperorOptions
        {
            Monitors = ["/etc/gantry/vassals"],
            InheritBefore = ["/t/before.ini"],
            IncludeBefore = ["/t/include-before.ini"],
            Set = ["processes=4"],
            Inherit = ["/t/after.ini"],
            Include = ["/t/include-after.ini"],
        };
        var launcher = new VassalLauncher("/usr/bin/gantry", ["lead"], options);

        Assert.Equal(
            ["lead", "--inherit", "/t/before.ini", "--include", "/t/include-before.ini", "--set", "processes=4", "--ini", "shop.ini",
             "--inherit", "/t/after.ini", "--include", "/t/include-after.ini"],
            launcher.Arguments("shop.ini"));
    }
}
