#pragma warning disable ASPIREPIPELINES001 // The publish pipeline is experimental in Aspire 13.6.
using System.Diagnostics;
using Aspire.Hosting.Pipelines;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Platform.Deploy;

namespace Platform.AppHost.Deploy;

/// <summary>
/// The images the manifests name, built with the .NET SDK's container support (<c>-t:PublishContainer</c>, no
/// Dockerfile, no container engine). <c>Deploy:Images</c>: <c>archive</c> (default) writes each image as a tarball to
/// <c>images/</c> in the output folder; <c>push</c> pushes to the primary region's ECR (after
/// <c>aws ecr get-login-password | docker login</c>; replication copies them to the other regions); <c>skip</c>.
/// Where the base image cannot be pulled the step says so and stops: the manifests are already written.
/// </summary>
internal static partial class AwsImages
{
    private const string BaseImageRegistry = "https://mcr.microsoft.com/v2/";

    public static async Task PublishAsync(PipelineStepContext context, IConfiguration configuration, string repositoryRoot, string output,
        AwsProfile profile, IReadOnlyDictionary<string, string> projects)
    {
        var logger = context.Logger;
        var mode = (configuration["Deploy:Images"] ?? "archive").ToLowerInvariant();
        if (mode is not ("archive" or "push" or "skip"))
        {
            throw new AppModelException($"Deploy:Images is '{mode}'; use 'archive' (the default), 'push' or 'skip'.");
        }

        var commands = projects.ToDictionary(p => p.Key, p => PublishArguments(repositoryRoot, output, profile, p.Key, p.Value, mode == "push"));
        if (mode == "skip")
        {
            LogSkipped(logger, "Deploy:Images=skip");
            return;
        }

        if (await BaseImageUnreachableAsync(context.CancellationToken) is { } reason)
        {
            LogNoBaseImage(logger, reason, string.Join(Environment.NewLine,
                commands.Values.Select(a => "  dotnet " + string.Join(' ', a)).Prepend("  (cd web && node scripts/build-for-apphost.mjs)   # the gateway image carries the web app")));
            return;
        }

        // The gateway image carries the web app: build it first (the same script the AppHost runs).
        if (projects.ContainsKey("gateway") && await RunAsync("node", ["scripts/build-for-apphost.mjs"], Path.Combine(repositoryRoot, "web"), context.CancellationToken) is { } webError)
        {
            throw new AppModelException($"The web app (for the gateway image) did not build: {webError}");
        }

        foreach (var (repository, arguments) in commands)
        {
            var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
            if (await RunAsync(dotnet, arguments, repositoryRoot, context.CancellationToken) is { } error)
            {
                throw new AppModelException($"The image of {repository} did not build: {error}");
            }

            LogImage(logger, $"{profile.Image(profile.PrimaryRegion, repository)}:{profile.ImageTag}", mode == "push" ? "pushed" : "written to images/");
        }
    }

    private static List<string> PublishArguments(string repositoryRoot, string output, AwsProfile profile, string repository, string projectPath, bool push)
    {
        List<string> arguments =
        [
            "publish", Path.GetRelativePath(repositoryRoot, projectPath), "-c", "Release", "-t:PublishContainer",
            $"-p:ContainerRepository={profile.RepositoryPrefix}/{repository}",
            $"-p:ContainerImageTag={profile.ImageTag}",
            // Only the gateway's project reads it: include the built web app in the image.
            "-p:PublishWebApp=true",
        ];
        arguments.Add(push
            ? $"-p:ContainerRegistry={profile.Registry(profile.PrimaryRegion)}"
            : $"-p:ContainerArchiveOutputPath={Path.Combine(output, "images", repository + ".tar.gz")}");
        return arguments;
    }

    private static async Task<string?> BaseImageUnreachableAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            // 200 or 401 (token needed) both mean the registry answers.
            using var response = await http.GetAsync(BaseImageRegistry, cancellationToken);
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return e.Message;
        }
    }

    private static async Task<string?> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            var text = (await stdout) + (await stderr);
            return process.ExitCode == 0 ? null : string.Join(Environment.NewLine, text.Split('\n').TakeLast(15));
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"{fileName} could not be started ({e.Message}).";
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Images: skipped ({Reason}).")]
    private static partial void LogSkipped(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Images: NOT built. The .NET base image cannot be pulled from this machine (mcr.microsoft.com: {Reason}). The manifests are written; build the images where the registry is reachable with:\n{Commands}")]
    private static partial void LogNoBaseImage(ILogger logger, string reason, string commands);

    [LoggerMessage(Level = LogLevel.Information, Message = "Image {Image} {Where}.")]
    private static partial void LogImage(ILogger logger, string image, string where);
}
