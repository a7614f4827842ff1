using System.Net.Http;
using Microsoft.Extensions.Options;
using Platform.Settings;
using Yarp.ReverseProxy.Forwarder;

namespace Platform.Gateway.Resilience;

/// <summary>
/// YARP's own client factory with a connect timeout. SocketsHttpHandler waits for a connection as long as the request
/// may take (YARP's default activity timeout is 100 s); an instance that is gone must instead fail fast, so the
/// request is retried elsewhere and the instance leaves rotation.
/// </summary>
internal sealed class InstanceHttpClientFactory(IOptions<ResilienceOptions> options) : ForwarderHttpClientFactory
{
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.ConnectTimeout = options.Value.InstanceConnectTimeout;
    }
}
