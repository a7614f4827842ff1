using System.Reflection;

namespace Platform.AppHost;

/// <summary>
/// Starts a project resource from the build output its AppHost build recorded (AppHost.csproj,
/// <c>RecordProjectResourceOutputs</c>) with <c>dotnet &lt;dll&gt;</c>. Aspire's own launch,
/// <c>dotnet run --no-build</c>, evaluates the project with MSBuild before the app starts: about 1 s of CPU for one,
/// and over 3 s each when the stack's eight start together on two cores, which was most of the stack's start time.
/// The app, its working directory (the project's folder) and its environment are the ones <c>dotnet run</c> gives.
/// </summary>
internal static class ProjectOutputs
{
    private const string MetadataPrefix = "ProjectOutput:";

    private static readonly Dictionary<string, string> s_outputs = typeof(ProjectOutputs).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Where(a => a.Key.StartsWith(MetadataPrefix, StringComparison.Ordinal) && a.Value is { Length: > 0 })
        .ToDictionary(a => Path.GetFullPath(a.Key[MetadataPrefix.Length..]), a => a.Value!);

    /// <summary>The recorded build output of the project at <paramref name="projectPath"/>, if there is one on disk.</summary>
    public static string? Find(string projectPath) =>
        s_outputs.TryGetValue(Path.GetFullPath(projectPath), out var assembly) && File.Exists(assembly) ? assembly : null;

    public static IResourceBuilder<ProjectResource> WithBuildOutput(this IResourceBuilder<ProjectResource> project, IProjectMetadata metadata)
    {
        var configuration = project.ApplicationBuilder.Configuration;
        var assembly = Find(metadata.ProjectPath);
        // Left to Aspire: under dotnet watch (it rebuilds and restarts projects), under an IDE's debug session (the IDE
        // launches projects itself), and when the output is not where the build recorded it.
        if (bool.TryParse(configuration["DOTNET_WATCH"], out var watch) && watch
            || !string.IsNullOrEmpty(configuration["DEBUG_SESSION_PORT"]) || assembly is null)
        {
            return project;
        }

        return project
            .WithAnnotation(new ExecutableAnnotation { Command = "dotnet", WorkingDirectory = Path.GetDirectoryName(metadata.ProjectPath)! },
                ResourceAnnotationMutationBehavior.Replace)
            .WithArgs(assembly);
    }
}
