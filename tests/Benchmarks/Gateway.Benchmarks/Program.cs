using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Benchmarks/Gateway.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Platform.Benchmarks.SessionRoutingBenchmarks).Assembly).Run(args);
