using Platform.Deploy;

namespace Platform.Tests.Deploy;

/// <summary>
/// Runs the README's command (<c>deploy/publish-aws.sh</c>: the AppHost's publish-aws step) twice, into two different
/// folders, once as written and once without the image step: the output folders must be byte-identical and hold
/// nothing of the machine. Then the files are checked as they would be deployed.
/// </summary>
public sealed class AwsOutputFixture : IDisposable
{
    public AwsOutputFixture()
    {
        var root = Directory.CreateTempSubdirectory("platform-aws-");
        Root = root.FullName;
        First = Path.Combine(Root, "first");
        Second = Path.Combine(Root, "second", "elsewhere");
        FirstRun = DeployTestSupport.Run(Path.Combine(DeployTestSupport.RepositoryRoot, "deploy", "publish-aws.sh"), [First]);
        SecondRun = DeployTestSupport.Run(Path.Combine(DeployTestSupport.RepositoryRoot, "deploy", "publish-aws.sh"), [Second, "--Deploy:Images=skip"]);
        Files = FileSet(First);
    }

    public string Root { get; }

    public string First { get; }

    public string Second { get; }

    public (int ExitCode, string Output) FirstRun { get; }

    public (int ExitCode, string Output) SecondRun { get; }

    /// <summary>The generated files (manifests and template) of the first run, by relative path.</summary>
    public IReadOnlyDictionary<string, string> Files { get; }

    public static SortedDictionary<string, string> FileSet(string folder) => new(
        new[] { AwsDeployment.KubernetesFolder, AwsDeployment.CloudFormationFolder }
            .Select(f => Path.Combine(folder, f))
            .Where(Directory.Exists)
            .SelectMany(f => Directory.GetFiles(f, "*", SearchOption.AllDirectories))
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllText),
        StringComparer.Ordinal);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
