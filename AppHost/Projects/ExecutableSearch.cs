namespace Platform.AppHost;

internal static class ExecutableSearch
{
    /// <summary>The full path of <paramref name="executable"/> in the first PATH folder that has it, else null.</summary>
    public static string? FindOnPath(string executable) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, executable))
            .FirstOrDefault(File.Exists);
}
