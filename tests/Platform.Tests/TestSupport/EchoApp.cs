using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.Tests.TestSupport;

/// <summary>What an app behind the sidecar received.</summary>
public sealed record EchoedRequest(string App, string Method, string PathAndQuery, Dictionary<string, string> Headers, string Body);

/// <summary>
/// A tiny app on a real port that answers every request with what it received, and remembers it. The query can ask it
/// to be slow: <c>answerAfterMs</c> before it answers, <c>pauseMidBodyMs</c> after it has sent half the answer.
/// </summary>
public sealed class EchoApp : IAsyncDisposable
{
    private readonly WebApplication app;

    private EchoApp(string name, WebApplication app)
    {
        Name = name;
        this.app = app;
    }

    public string Name { get; }

    public ConcurrentQueue<EchoedRequest> Received { get; } = new();

    public Uri Address { get; private set; } = null!;

    /// <param name="answerAfter">How long it takes to answer anything but <c>/health</c>: a slow instance (just started, or busy).</param>
    public static async Task<EchoApp> StartAsync(string name, TimeSpan answerAfter = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var echo = new EchoApp(name, app);
        app.Run(async context =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            var request = new EchoedRequest(name, context.Request.Method, context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()), body);
            echo.Received.Enqueue(request);
            var delay = int.TryParse(context.Request.Query["answerAfterMs"], out var asked) ? TimeSpan.FromMilliseconds(asked) : answerAfter;
            if (delay > TimeSpan.Zero && context.Request.Path != "/health")
            {
                await Task.Delay(delay, context.RequestAborted);
            }

            if (int.TryParse(context.Request.Query["pauseMidBodyMs"], out var pause))
            {
                // Half the answer sent, then silence: a streamed answer, or a busy machine between two writes.
                var json = JsonSerializer.SerializeToUtf8Bytes(request, JsonSerializerOptions.Web);
                context.Response.ContentType = "application/json";
                await context.Response.Body.WriteAsync(json.AsMemory(0, json.Length / 2), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(pause, context.RequestAborted);
                await context.Response.Body.WriteAsync(json.AsMemory(json.Length / 2), context.RequestAborted);
                return;
            }

            await context.Response.WriteAsJsonAsync(request);
        });
        await app.StartAsync();
        echo.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return echo;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
