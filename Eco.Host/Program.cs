using Eco.Host.Cli;

Console.OutputEncoding = System.Text.Encoding.UTF8;
return await EcoCli.RunAsync(args);
