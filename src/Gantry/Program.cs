using Gantry.Hosting;

return CommandLine.Run(args);
