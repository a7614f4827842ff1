using System.Net;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Platform.Settings;
using Platform.Stack.Tests.Infrastructure;

namespace Platform.Stack.Tests.Security;

/// <summary>
/// The whole stack with low sign-in limits (12 per client address, 4 per account, per minute), and the gateway
/// listening on its own port without Aspire's proxy in front, so clients bound to different loopback addresses
/// (127.0.0.2, 127.0.0.3, ...) reach it as different clients.
/// </summary>
public sealed class SignInLimitStackFixture : StackFixture
{
    public const int PerAddress = 12;
    public const int PerAccount = 4;

    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        var login = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == PlatformResources.Login);
        builder.CreateResourceBuilder(login)
            .WithEnvironment(PlatformSettings.EnvironmentVariable<LoginOptions>(nameof(LoginOptions.AttemptsPerMinute)), PerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment(PlatformSettings.EnvironmentVariable<LoginOptions>(nameof(LoginOptions.AccountAttemptsPerMinute)), PerAccount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var gateway = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == PlatformResources.Gateway);
        builder.CreateResourceBuilder(gateway).WithEndpoint("http", endpoint =>
        {
            endpoint.IsProxied = false;
            endpoint.Port = FreePort();
        });
    }

    /// <summary>A client that connects to the gateway from <paramref name="source"/> (a loopback address).</summary>
    public HttpClient ClientFrom(string source) => new(new SocketsHttpHandler
    {
        UseCookies = false,
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        BaseAddress = GatewayAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class SignInLimitStackCollection : ICollectionFixture<SignInLimitStackFixture>
{
    public const string Name = "signin-limit-stack";
}
