using Gantry.Hosting;

InheritedSignalDispositions.RestoreIfIgnored(args);
return CommandLine.Run(args);
