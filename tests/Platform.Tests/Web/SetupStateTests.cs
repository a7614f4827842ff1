using System.Diagnostics;

namespace Platform.Tests.Web;

/// <summary>
/// The web build's detection of an interrupted npm ci or ng build (web/scripts/setup-state.mjs), tested by its own
/// node:test file on temporary folders; run from here so CI counts it with the .NET tests.
/// </summary>
public sealed class SetupStateTests
{
    [Fact]
    public async Task An_interrupted_install_or_build_is_detected_and_a_completed_one_is_not_redone()
    {
        var web = Path.Combine(RepositoryRoot(), "web");
        var start = new ProcessStartInfo("node", ["--test", "scripts/setup-state.test.mjs"])
        {
            WorkingDirectory = web,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await node.WaitForExitAsync(timeout.Token);

        Assert.True(node.ExitCode == 0, $"node --test failed:{Environment.NewLine}{await output}{await errors}");
        Assert.Contains("# fail 0", await output);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Platform.sln above {AppContext.BaseDirectory}.");
    }
}
