using Gantry.Fuzz;
using SharpFuzz;

// gantry-fuzz TARGET              run under afl-fuzz (fuzz/run.sh): SharpFuzz's fork server, persistent in-process loop
// gantry-fuzz TARGET FILE...      replay files through the target, printing each verdict (what the regression tests do)
// gantry-fuzz --list              the target names, one a line
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: Gantry.Fuzz TARGET [FILE...] | --list");
    Console.Error.WriteLine("targets: " + string.Join(", ", FuzzTargets.All.Select(t => t.Name)));
    return 2;
}
if (args[0] == "--list")
{
    foreach (var each in FuzzTargets.All)
    {
        Console.WriteLine($"{each.Name}\t{each.Description}");
    }
    return 0;
}
var target = FuzzTargets.Find(args[0]);
if (target is null)
{
    Console.Error.WriteLine($"Gantry.Fuzz: no target '{args[0]}'; targets: {string.Join(", ", FuzzTargets.All.Select(t => t.Name))}");
    return 2;
}
if (args.Length > 1)
{
    var failed = 0;
    foreach (var file in args[1..])
    {
        try
        {
            target.Run(File.ReadAllBytes(file));
            Console.WriteLine($"ok      {file}");
        }
        catch (Exception exception)
        {
            failed++;
            Console.WriteLine($"CRASH   {file}: {exception}");
        }
    }
    return failed == 0 ? 0 : 1;
}

// SharpFuzz's out-of-process fork server: a child dotnet process runs the inputs in a loop (persistent: no fork or
// start-up per input) and is started again only after a crash or a time-out, so a hang or a stack overflow is reported
// to afl-fuzz instead of ending the campaign (the in-process Fuzzer.Run dies with the first time-out). Each input is
// read whole into one reused buffer; anything escaping target.Run is reported as a crash.
var buffer = new MemoryStream();
Fuzzer.OutOfProcess.Run(stream =>
{
    buffer.SetLength(0);
    stream.CopyTo(buffer);
    target.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
});
return 0;
