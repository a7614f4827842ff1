using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Platform.Settings;

namespace Platform.Stack.Tests.AppModel;

/// <summary>How Program.cs composes the stack from the matrix and settings (nothing is started).</summary>
public sealed class CompositionModelTests
{
    [Fact]
    public async Task Every_project_comes_from_generated_metadata_so_nothing_is_built_again_at_start()
    {
        await using var model = await AppModelReader.BuildAsync("--Dapr:Mode=off");

        var projects = model.Model.Resources.OfType<ProjectResource>().ToList();
        Assert.NotEmpty(projects);
        Assert.All(projects, project =>
        {
            var metadata = project.GetProjectMetadata();
            Assert.Equal("Projects", metadata.GetType().Namespace);
            Assert.True(metadata.SuppressBuild, $"{project.Name} would be built again by 'dotnet run' at start");
        });
    }

    [Fact]
    public async Task Every_project_starts_from_its_build_output_without_dotnet_run_evaluating_it_again()
    {
        await using var model = await AppModelReader.BuildAsync("--Dapr:Mode=off");

        foreach (var project in model.Model.Resources.OfType<ProjectResource>())
        {
            var projectPath = project.GetProjectMetadata().ProjectPath;
            var executable = project.Annotations.OfType<ExecutableAnnotation>().Single();
            var args = await model.ArgsAsync(project);

            Assert.Equal("dotnet", executable.Command);
            Assert.Equal(Path.GetDirectoryName(projectPath), executable.WorkingDirectory);
            var assembly = args[0];
            Assert.Equal(Path.GetFileNameWithoutExtension(projectPath) + ".dll", Path.GetFileName(assembly));
            Assert.True(File.Exists(assembly), $"{project.Name}: {assembly} is not there");
        }
    }

    [Theory]
    [InlineData("--DOTNET_WATCH=true")]
    [InlineData("--DEBUG_SESSION_PORT=localhost:1234")]
    public async Task Under_dotnet_watch_or_an_ide_projects_are_left_to_aspire_to_launch(string setting)
    {
        await using var model = await AppModelReader.BuildAsync("--Dapr:Mode=off", setting);

        Assert.All(model.Model.Resources.OfType<ProjectResource>(), project => Assert.Empty(project.Annotations.OfType<ExecutableAnnotation>()));
    }

    [Fact]
    public async Task The_matrix_alone_decides_the_instances_each_told_its_version_and_name()
    {
        await using var model = await AppModelReader.BuildAsync("--Dapr:Mode=off", "--VersionMatrix:insights:Versions:v2:Instances=3");

        var insights = model.Model.Resources.OfType<ProjectResource>().Where(p => p.Name.StartsWith("insights-", StringComparison.Ordinal)).Select(p => p.Name).Order();
        Assert.Equal(["insights-v1-1", "insights-v2-1", "insights-v2-2", "insights-v2-3"], insights);
        var environment = await model.EnvironmentAsync(model.Resource<ProjectResource>("insights-v2-3"));
        Assert.Equal("v2", environment[PlatformSettings.EnvironmentVariable<ServiceOptions>(nameof(ServiceOptions.Version))]);
        Assert.Equal("insights-v2-3", environment[PlatformSettings.EnvironmentVariable<ServiceOptions>(nameof(ServiceOptions.Instance))]);
    }

    [Fact]
    public async Task A_service_that_calls_another_can_discover_every_instance_of_each_callee_version_by_the_versions_name()
    {
        await using var model = await AppModelReader.BuildAsync("--Dapr:Mode=off", "--VersionMatrix:contacts:Versions:v2:Instances=3");

        var insights = await model.EnvironmentAsync(model.Resource<ProjectResource>("insights-v2-1"));
        var contacts = await model.EnvironmentAsync(model.Resource<ProjectResource>("contacts-v1-1"));

        Assert.Equal(new Dictionary<string, string>
        {
            ["services__contacts-v1__http__0"] = "{contacts-v1-1.bindings.http.url}",
            ["services__contacts-v1__http__1"] = "{contacts-v1-2.bindings.http.url}",
            ["services__contacts-v2__http__0"] = "{contacts-v2-1.bindings.http.url}",
            ["services__contacts-v2__http__1"] = "{contacts-v2-2.bindings.http.url}",
            ["services__contacts-v2__http__2"] = "{contacts-v2-3.bindings.http.url}",
        }, insights.Where(e => e.Key.StartsWith("services__", StringComparison.Ordinal)).ToDictionary());
        // contacts calls nothing, so it discovers nothing.
        Assert.DoesNotContain(contacts.Keys, k => k.StartsWith("services__", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_gateway_and_login_get_the_same_matrix()
    {
        await using var model = await AppModelReader.BuildAsync("--Dapr:Mode=off");

        var gateway = await model.EnvironmentAsync(model.Resource<ProjectResource>("gateway"));
        var login = await model.EnvironmentAsync(model.Resource<ProjectResource>("login"));
        var matrixKeys = gateway.Where(e => e.Key.StartsWith("VersionMatrix__", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(matrixKeys);
        Assert.All(matrixKeys, e => Assert.Equal(e.Value, login[e.Key]));
    }

    [Fact]
    public async Task A_service_in_the_matrix_that_no_project_runs_stops_the_apphost_with_what_to_do()
    {
        var (exitCode, error) = await RunAppHostAsync("--VersionMatrix:billing:Versions:v1:Instances=1");

        Assert.Equal(1, exitCode);
        Assert.Contains("billing", error);
        Assert.Contains("AddServiceVersions", error);
    }

    [Fact]
    public async Task An_invalid_setting_stops_the_apphost_with_one_message_naming_the_section()
    {
        var (exitCode, error) = await RunAppHostAsync("--Gateway:Port=70000");

        Assert.Equal(1, exitCode);
        Assert.Contains("Settings 'Gateway' are invalid", error);
        Assert.DoesNotContain("   at ", error);
    }

    /// <summary>Runs the built AppHost as a person would, for a setting that must stop it before anything starts.</summary>
    private static async Task<(int ExitCode, string Error)> RunAppHostAsync(params string[] args)
    {
        // As `dotnet run --project AppHost` does: the build output, started in the project folder (its appsettings.json).
        var project = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "AppHost"));
        var appHost = Path.Combine(project, "bin", "Debug", "net10.0", "AppHost.dll");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = project };
        start.ArgumentList.Add(appHost);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        _ = process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await error);
    }
}
