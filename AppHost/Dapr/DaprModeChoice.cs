using Microsoft.Extensions.Configuration;
using Platform.Settings;

namespace Platform.AppHost.Dapr;

/// <summary>Whether the stack runs with Dapr sidecars, with which daprd, and the one console line that says so.</summary>
internal sealed record DaprChoice(string? DaprdPath, string Message)
{
    public bool Enabled => DaprdPath is not null;
}

/// <summary>
/// Chooses direct or Dapr mode from <c>Dapr:Mode</c>: <c>auto</c> (the default) runs Dapr mode when a daprd is found
/// (<c>Dapr:DaprdPath</c>, else <c>daprd</c> on PATH, else <c>~/.dapr/bin/daprd</c> where <c>dapr init --slim</c>
/// puts it), direct mode otherwise; <c>on</c> insists on Dapr (and fails without daprd); <c>off</c> never uses it.
/// </summary>
internal static class DaprModeChoice
{
    public const string HowToGetDapr =
        "To run with Dapr, install the Dapr CLI (https://docs.dapr.io/getting-started/install-dapr-cli/) and run 'dapr init --slim', which puts daprd in ~/.dapr/bin.";

    public static DaprChoice Choose(IConfiguration configuration) =>
        Choose(configuration, Environment.GetEnvironmentVariable("PATH"),
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), File.Exists);

    public static DaprChoice Choose(IConfiguration configuration, string? pathVariable, string? homeDirectory, Func<string, bool> fileExists)
    {
        var settings = PlatformSettings.Read<DaprOptions>(configuration);
        if (settings.Mode == DaprMode.Off)
        {
            return new DaprChoice(null, "Dapr: off (Dapr:Mode=off). Direct mode: the gateway calls the instances itself, login uses Redis directly.");
        }

        string lookedFor;
        string? daprd;
        if (settings.DaprdPath is { Length: > 0 } explicitPath)
        {
            // A path someone set and got wrong is an error, not a reason to quietly run without Dapr.
            daprd = fileExists(explicitPath)
                ? Path.GetFullPath(explicitPath)
                : throw new DistributedApplicationException($"Dapr:DaprdPath is '{explicitPath}', but there is no file there. {HowToGetDapr}");
            lookedFor = "Dapr:DaprdPath";
        }
        else
        {
            var candidates = (pathVariable ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(dir => Path.Combine(dir, "daprd"))
                .Concat(string.IsNullOrEmpty(homeDirectory) ? [] : [Path.Combine(homeDirectory, ".dapr", "bin", "daprd")]);
            daprd = candidates.FirstOrDefault(fileExists);
            lookedFor = "Dapr:DaprdPath, daprd on PATH, ~/.dapr/bin/daprd";
        }

        if (daprd is null)
        {
            return settings.Mode == DaprMode.On
                ? throw new DistributedApplicationException($"Dapr:Mode is 'on' but no daprd was found (looked for {lookedFor}). {HowToGetDapr}")
                : new DaprChoice(null, $"Dapr: no daprd found (looked for {lookedFor}), so direct mode. {HowToGetDapr}");
        }

        return new DaprChoice(daprd, $"Dapr: daprd at {daprd} ({(settings.Mode == DaprMode.On ? "Dapr:Mode=on" : "found via " + lookedFor)}). Dapr mode: a sidecar per instance, the gateway invokes {{service}}-{{version}} by app-id, login's store is the Dapr state store 'assignments' (on the same Redis or SQLite file as direct mode).");
    }
}
