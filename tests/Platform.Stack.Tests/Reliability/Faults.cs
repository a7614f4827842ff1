using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.Stack.Tests.Reliability;

/// <summary>
/// Faults caused on one running stack, by resource name: kill an instance's processes (SIGKILL, as a crash), freeze
/// and thaw a process (SIGSTOP/SIGCONT, as a hung store), start a resource again through Aspire's own start command.
/// Only processes of this stack are touched: the pid comes from the resource's own state.
/// </summary>
internal sealed class Faults(DistributedApplication app)
{
    // The property DCP reports a resource's process id under (Aspire's KnownProperties.Executable.Pid).
    private const string PidProperty = "executable.pid";

    /// <summary>A restarted instance is healthy within seconds; far longer means it hangs, and its log says where.</summary>
    private static readonly TimeSpan HealthyWithin = TimeSpan.FromSeconds(90);

    private static readonly string[] StoppedStates = [KnownResourceStates.Exited, KnownResourceStates.Finished, KnownResourceStates.FailedToStart];

    public async Task<int> ProcessIdOfAsync(string resource, CancellationToken cancellationToken)
    {
        var state = await app.ResourceNotifications.WaitForResourceAsync(resource,
            e => e.Snapshot.State?.Text == KnownResourceStates.Running && Pid(e) is not null, cancellationToken);
        return Pid(state)!.Value;
    }

    /// <summary>Kills the resource's process and everything it started, at once, and waits until Aspire sees it gone.</summary>
    public async Task KillAsync(string resource, CancellationToken cancellationToken)
    {
        var root = await ProcessIdOfAsync(resource, cancellationToken);
        foreach (var pid in Descendants(root).Append(root))
        {
            await SignalAsync(pid, "KILL");
        }

        await app.ResourceNotifications.WaitForResourceAsync(resource, e => StoppedStates.Contains(e.Snapshot.State?.Text), cancellationToken);
    }

    /// <summary>Starts a stopped resource again (the dashboard's Start) and waits until it is healthy.</summary>
    public async Task StartAsync(string resource, CancellationToken cancellationToken)
    {
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var target = model.Resources.Single(r => r.Name == resource);
        var result = await app.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(target, KnownResourceCommands.StartCommand, cancellationToken);
        Assert.True(result.Success, $"Could not start {resource}: {result.Message}");
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(HealthyWithin);
        try
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, bound.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"{resource} was started again and not healthy {HealthyWithin.TotalSeconds:0} s later. Its log:{Environment.NewLine}{await LogOfAsync(resource)}");
        }
    }

    private async Task<string> LogOfAsync(string resource)
    {
        var lines = new List<string>();
        using var read = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await foreach (var batch in app.Services.GetRequiredService<ResourceLoggerService>().GetAllAsync(resource).WithCancellation(read.Token))
            {
                lines.AddRange(batch.Select(l => l.Content));
            }
        }
        catch (OperationCanceledException)
        {
            // What was read so far is what there is.
        }

        return string.Join(Environment.NewLine, lines.TakeLast(60));
    }

    /// <summary>
    /// Brings every project of the stack back (starting any an earlier test left stopped) and waits until all are
    /// healthy, so a test starts from the whole stack.
    /// </summary>
    public async Task AllHealthyAsync(CancellationToken cancellationToken)
    {
        var projects = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ProjectResource>();
        await Task.WhenAll(projects.Select(async project =>
        {
            if (app.ResourceNotifications.TryGetCurrentState(project.Name, out var current) && StoppedStates.Contains(current.Snapshot.State?.Text))
            {
                await StartAsync(project.Name, cancellationToken);
            }

            await app.ResourceNotifications.WaitForResourceHealthyAsync(project.Name, cancellationToken);
        }));
    }

    public async Task FreezeAsync(string resource, CancellationToken cancellationToken) =>
        await SignalAsync(await ProcessIdOfAsync(resource, cancellationToken), "STOP");

    public async Task ThawAsync(string resource, CancellationToken cancellationToken) =>
        await SignalAsync(await ProcessIdOfAsync(resource, cancellationToken), "CONT");

    /// <summary>Resident memory of the resource's processes (a project runs under a dotnet host), in MiB.</summary>
    public async Task<double> MemoryMiBAsync(string resource, CancellationToken cancellationToken)
    {
        var root = await ProcessIdOfAsync(resource, cancellationToken);
        long kib = 0;
        foreach (var pid in Descendants(root).Append(root))
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            kib += line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }

        return kib / 1024.0;
    }

    private static int? Pid(ResourceEvent e) =>
        e.Snapshot.Properties.FirstOrDefault(p => p.Name == PidProperty)?.Value is { } value
            && int.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), out var pid) ? pid : null;

    /// <summary>Children first, from /proc: the parent pid is the 4th field of /proc/{pid}/stat (after the name).</summary>
    private static IEnumerable<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                parents[pid] = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
        }

        return Below(root).Reverse().ToList();

        IEnumerable<int> Below(int pid)
        {
            foreach (var child in parents.Where(p => p.Value == pid).Select(p => p.Key))
            {
                yield return child;
                foreach (var grandchild in Below(child))
                {
                    yield return grandchild;
                }
            }
        }
    }

    private static async Task SignalAsync(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
    }
}
