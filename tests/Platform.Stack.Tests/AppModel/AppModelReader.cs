using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.Stack.Tests.AppModel;

/// <summary>
/// The AppHost's application model as Program.cs builds it, without starting anything: resources, and their
/// arguments and environment with endpoint values shown symbolically (<c>{resource.endpoint.Property}</c>),
/// because ports are only allocated when the app runs.
/// </summary>
public sealed class AppModelReader : IAsyncDisposable
{
    private readonly DistributedApplication app;
    private readonly string dataPath;

    private AppModelReader(DistributedApplication app, string dataPath)
    {
        this.app = app;
        this.dataPath = dataPath;
    }

    public DistributedApplicationModel Model => app.Services.GetRequiredService<DistributedApplicationModel>();

    public static async Task<AppModelReader> BuildAsync(params string[] args)
    {
        var dataPath = Directory.CreateTempSubdirectory("platform-model-").FullName;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>([$"--Store:DataPath={dataPath}", .. args]);
        return new AppModelReader(await builder.BuildAsync(), dataPath);
    }

    public T Resource<T>(string name) where T : IResource => Model.Resources.OfType<T>().Single(r => r.Name == name);

    public async Task<IReadOnlyList<string>> ArgsAsync(IResource resource)
    {
        var args = new List<object>();
        foreach (var callback in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(new CommandLineArgsCallbackContext(args, resource, CancellationToken.None));
        }

        return args.Select(Show).ToList();
    }

    public async Task<IReadOnlyDictionary<string, string>> EnvironmentAsync(IResource resource)
    {
        var environment = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(app.Services.GetRequiredService<DistributedApplicationExecutionContext>(), resource, environment);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return environment.ToDictionary(e => e.Key, e => Show(e.Value));
    }

    public static IEnumerable<string> WaitsFor(IResource resource) =>
        resource.Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name);

    private static string Show(object value) => value switch
    {
        string text => text,
        EndpointReferenceExpression e => $"{{{e.Endpoint.Resource.Name}.{e.Endpoint.EndpointName}.{e.Property}}}",
        ReferenceExpression r => r.ValueExpression,
        IManifestExpressionProvider m => m.ValueExpression,
        _ => value.ToString() ?? "",
    };

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        Directory.Delete(dataPath, recursive: true);
    }
}
